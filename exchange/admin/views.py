"""The admin's start page: accounts by role, the newest accounts, mail needing attention."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from exchange.accounts.models import User, UserRole
from exchange.accounts.roles import Role
from exchange.admin import bp
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage, OutboxState

__all__ = ["bp"]


@bp.get("/")
def dashboard():
    by_role = dict(
        db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role)).all()
    )
    inactive = db.session.scalar(
        select(func.count()).select_from(User).where(User.is_active.is_(False))
    )
    mail = dict(
        db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        ).all()
    )
    users = db.session.scalars(
        select(User).order_by(User.created_at.desc(), User.id.desc()).limit(10)
    ).all()
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(5)).all()
    return render_template(
        "admin/dashboard.html",
        by_role={Role(k): v for k, v in by_role.items()},
        inactive=inactive,
        mail_pending=mail.get(OutboxState.PENDING, 0),
        mail_failed=mail.get(OutboxState.FAILED, 0),
        users=users,
        recent=recent,
    )
