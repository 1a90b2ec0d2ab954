"""The admin's start page: accounts by role, the newest accounts, mail needing attention."""

from __future__ import annotations

from exchange.accounts.queries import accounts_by_role, inactive_count, newest_users
from exchange.admin import bp
from exchange.audit import latest_events
from exchange.notifications.models import OutboxState
from exchange.notifications.outbox import outbox_counts
from exchange.web import page

__all__ = ["bp"]


@bp.get("/")
def dashboard():
    mail = outbox_counts()
    return page(
        "admin/dashboard.html",
        by_role=accounts_by_role(),
        inactive=inactive_count(),
        mail_pending=mail.get(OutboxState.PENDING, 0),
        mail_failed=mail.get(OutboxState.FAILED, 0),
        users=newest_users(10),
        recent=latest_events(5),
    )
