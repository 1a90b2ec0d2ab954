"""Counting SQL statements (for the constant-query tests of the lists)."""

from contextlib import contextmanager

from sqlalchemy import event

from exchange.extensions import db


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
