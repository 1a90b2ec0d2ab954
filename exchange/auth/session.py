"""Wires Flask-Login to the server-side sessions of exchange.accounts.sessions."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from exchange.accounts.models import User
from exchange.accounts.sessions import resolve_session, revoke_session, start_session
from exchange.extensions import login_manager


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
