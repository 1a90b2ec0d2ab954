"""Lists run a constant number of SQL statements, however many rows they show."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from exchange.extensions import db
from tests import factories as f


@contextmanager
def count_statements():
    statements = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before_cursor_execute)


def _statements_for(client, url) -> int:
    with count_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (
            "/coordinator/partnerships",
            lambda: f.condition(partnership=f.partnership(org_unit=f.org_unit())),
        ),
        ("/coordinator/programs", lambda: f.program(org_units=[f.org_unit()])),
        ("/coordinator/institutions", lambda: f.partnership()),
    ],
)
def test_list_query_count_does_not_grow_with_rows(login_as, url, make):
    client = login_as(f.coordinator())
    for _ in range(3):
        make()
    with_3 = _statements_for(client, url)
    for _ in range(27):
        make()
    with_30 = _statements_for(client, url)
    assert with_3 == with_30
