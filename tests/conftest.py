"""Fixtures: the app on a throwaway database, a client whose requests run in their own
transaction, login_as, and an in-process SMTP server that really receives the mail."""

from __future__ import annotations

import os
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestingConfig
from exchange import create_app
from exchange.accounts.sessions import start_session
from exchange.extensions import db


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


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


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
def app(tmp_path_factory, smtp_server):
    url = _database_url(tmp_path_factory)
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=_normalise(url),
        MAIL_PORT=smtp_server.port,
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _normalise(url: str) -> str:
    from config import normalise_database_url

    return normalise_database_url(url)


def _empty_all_tables():
    db.session.rollback()
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


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
