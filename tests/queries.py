"""Counting the SQL statements a request runs, for the tests that a page's query count does not
grow with its rows. One listener for every such test, so they all count the same way."""

from contextlib import contextmanager

from sqlalchemy import event

from exchange.extensions import db


@contextmanager
def count_statements():
    """Yields the list of SQL statements sent while the block runs."""
    statements = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before_cursor_execute)


def counted_get(client, url):
    """GETs `url` (which must answer 200) and returns (response, the statements it ran)."""
    with count_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return response, list(statements)


def statements_of(client, url) -> list[str]:
    """The statements a GET of `url` ran (the page must answer 200)."""
    return counted_get(client, url)[1]


def statements_for(client, url) -> int:
    """How many statements a GET of `url` ran (the page must answer 200)."""
    return len(statements_of(client, url))


def statements_as_rows_grow(client, url, add, first: int = 3, then: int = 27) -> tuple[int, int]:
    """The statements a GET of `url` runs after add(first) rows, and again after add(then) more:
    a list whose count of statements does not grow gives the same two numbers."""
    add(first)
    few = statements_for(client, url)
    add(then)
    return few, statements_for(client, url)
