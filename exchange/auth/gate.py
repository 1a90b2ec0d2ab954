"""The role gate every role area installs once, and the authorize helper for views."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from exchange.accounts.policy import can_enter_area
from exchange.accounts.roles import Role
from exchange.extensions import login_manager


def gate_blueprint(bp: Blueprint, role: Role) -> None:
    """Anonymous visitors go to sign-in; signed-in people without the role get 403."""

    @bp.before_request
    def _gate():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_enter_area(current_user, role):
            abort(403)
        return None


def authorize(allowed: bool, *, hide: bool = False) -> None:
    """403 when not allowed; 404 when the object's existence itself must not leak."""
    if not allowed:
        abort(404 if hide else 403)
