"""Fixtures: the app on a throwaway database, a client whose requests run in their own
transaction, login_as, and an in-process SMTP server that really receives the mail.

Under pytest-xdist (`make test` runs `-n 2`) each worker gets its own database: a SQLite file in
the worker's tmp dir, or a PostgreSQL database `<TEST_DATABASE_URL's name>_<worker>` that the
worker creates and drops."""

from __future__ import annotations

import os
import re
import socket
import threading
import uuid
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from config import TestingConfig, normalise_database_url
from exchange import create_app
from exchange.accounts import passwords
from exchange.accounts.sessions import start_session
from exchange.extensions import db

# "gw0", "gw1"... under pytest-xdist; empty in a plain run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

# Production hashes with argon2's defaults (~50 ms and 64 MiB each, on purpose); the tests
# only need a real argon2 hash, and the cheapest one keeps sign-ins and sign-ups instant.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("timing-equaliser-not-a-password")


class MailSink:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self):
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(scope="session")
def mailbox(smtp_server) -> MailSink:
    return smtp_server.handler


# --- Databases ------------------------------------------------------------------------------


def _postgres_base_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url and url.startswith("postgres") else None


@contextmanager
def fresh_postgres_database(suffix: str):
    """A new, empty database named after TEST_DATABASE_URL's plus a suffix, dropped at the end
    (CREATE and DROP DATABASE cannot run in a transaction, hence the AUTOCOMMIT engine)."""
    url = make_url(_postgres_base_url())
    name = f"{url.database}_{suffix}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        with admin.connect() as conn:
            conn.execute(drop)  # left over from an interrupted run
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(drop)
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The suite's database: SQLite in this worker's tmp dir, TEST_DATABASE_URL in a plain run,
    or this worker's own PostgreSQL database under xdist."""
    if _postgres_base_url() is None:
        # tmp_path_factory's base directory is already per worker under xdist.
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    elif WORKER:
        with fresh_postgres_database(WORKER) as url:
            yield url
    else:
        yield _postgres_base_url()


@pytest.fixture(scope="module")
def migration_database(tmp_path_factory):
    """A brand-new, empty database for one test module that runs the migrations itself."""
    if _postgres_base_url() is None:
        yield f"sqlite:///{tmp_path_factory.mktemp('migrations') / 'migrations.sqlite'}"
    else:
        with fresh_postgres_database(f"mig_{WORKER or 'main'}_{uuid.uuid4().hex[:8]}") as url:
            yield url


def _fast_commits(engine) -> None:
    """A test database need not survive a power cut: commits skip the wait for the disk.
    Neither setting changes locking or visibility, so the race tests still test the real thing."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
        else:
            cursor.execute("SET synchronous_commit = off")
        cursor.close()
        if engine.dialect.name == "postgresql":
            dbapi_connection.commit()  # psycopg opened a transaction for the SET


class WrittenTables:
    """The tables a test wrote to, seen on the engine, so the cleanup empties only those.

    Emptying all ~70 tables after every test cost more than many tests themselves. A statement
    that is neither a read nor an INSERT/UPDATE we can name (DDL, anything unusual) marks every
    table, so the cleanup stays complete."""

    _WRITE = re.compile(r'\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
    _READ = re.compile(
        r"\s*(?:SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|DELETE)\b",
        re.IGNORECASE,
    )

    def __init__(self, engine, metadata):
        self.known = set(metadata.tables)
        self.names: set[str] = set()
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        written = self.known.intersection(self._WRITE.findall(statement))
        if written:
            self.names.update(written)
        elif not self._READ.match(statement):
            self.names.update(self.known)

    def take(self) -> set[str]:
        names, self.names = self.names, set()
        return names


def _empty_tables(written: WrittenTables) -> None:
    """Delete the rows of the written tables, children first, and restart their ids.

    DELETE on a few small tables is much faster than TRUNCATE on PostgreSQL, which makes new
    files for every table, index and (by CASCADE) every referencing table."""
    db.session.rollback()
    names = written.take()
    if not names:
        return
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name in names]
    postgresql = db.engine.dialect.name == "postgresql"
    try:
        for table in tables:
            db.session.execute(table.delete())
        if postgresql:
            restarts = [
                f"setval(pg_get_serial_sequence('{t.name}', '{t.autoincrement_column.name}'), 1,"
                " false)"
                for t in tables
                if t.autoincrement_column is not None
            ]
            if restarts:
                db.session.execute(text("SELECT " + ", ".join(restarts)))
        db.session.commit()
    except DBAPIError:
        # A reference the table order cannot untangle: empty everything the slow, sure way.
        db.session.rollback()
        if not postgresql:
            raise
        every = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {every} RESTART IDENTITY CASCADE"))
        db.session.commit()


def _empty_all_tables() -> None:
    """Empty every table the test wrote to (tests that build two worlds in a row call it)."""
    _empty_tables(current_app.extensions["written_tables"])


# --- The app and the client -----------------------------------------------------------------


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh app context, so it gets its own database session and
    transaction, as in production; the test's session then starts over to see what landed."""

    def open(self, *args, **kwargs):
        app = self.application
        with app.app_context():
            response = super().open(*args, **kwargs)
        db.session.rollback()
        return response


@pytest.fixture(scope="session")
def app(database_url, smtp_server):
    app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_url, MAIL_PORT=smtp_server.port
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        _fast_commits(db.engine)
        db.drop_all()
        db.create_all()
        if db.engine.dialect.name == "postgresql":
            # The cleanup leaves deleted rows dead; autovacuum would hand their slots to new
            # rows, which a query without ORDER BY would then read out of insertion order.
            for table in db.metadata.sorted_tables:
                db.session.execute(
                    text(f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = off)')
                )
            db.session.commit()
        app.extensions["written_tables"] = WrittenTables(db.engine, db.metadata)
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _context(app, mailbox):
    ctx = app.app_context()
    ctx.push()
    mailbox.clear()
    yield
    db.session.remove()
    _empty_all_tables()
    db.session.remove()
    ctx.pop()


@pytest.fixture
def client(app) -> IsolatedClient:
    return app.test_client()


@pytest.fixture
def login_as(client):
    """Sign a user in by writing the session directly (the login form has its own test)."""

    def _login(user):
        key = start_session(user, ip_address="127.0.0.1", user_agent="pytest")
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = key
            session["_fresh"] = True
        return client

    return _login


@pytest.fixture
def csrf_app(app):
    """Turn CSRF protection on for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False
