"""Wires Flask-Login to the server-side sessions of exchange.accounts.sessions."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from exchange.accounts.models import User
from exchange.accounts.sessions import resolve_session, revoke_session, start_session
from exchange.extensions import db, login_manager

# Requests for files need no session lookup.
_NO_SESSION_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def configure_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    # Our own session rows already bind a session to its key; "strong" would sign people out
    # whenever a proxy changes their address.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(key: str) -> User | None:
        return resolve_session(
            key,
            idle=current_app.config["SESSION_IDLE_TIMEOUT"],
            absolute=current_app.config["SESSION_ABSOLUTE_TIMEOUT"],
        )

    @app.before_request
    def _resolve_session_first():
        # Resolve the session before any view work, and commit its last-seen time on its own:
        # a page that only reads never commits, and the idle timeout would then end a session
        # that is in use. Doing it first means no half-done change of a view is committed.
        if request.endpoint in _NO_SESSION_ENDPOINTS:
            return
        user = current_user._get_current_object()
        if getattr(user, "_session_touched", False):
            user._session_touched = False
            db.session.commit()


def client_address() -> str:
    return request.remote_addr or "unknown"


def sign_in(user: User) -> None:
    """Open a server-side session and put its key in the (signed) cookie."""
    key = start_session(
        user, ip_address=client_address(), user_agent=request.headers.get("User-Agent")
    )
    user._session_key = key
    login_user(user, remember=False)


def sign_out(user) -> None:
    key = getattr(user, "_session_key", None)
    if key:
        revoke_session(key)
    logout_user()
