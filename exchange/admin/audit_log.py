"""The audit trail: every change, who made it, and the values before and after."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from exchange.accounts import policy
from exchange.accounts.models import User
from exchange.admin import bp
from exchange.admin.forms import AuditFilterForm
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.web import authorize


def _distinct(column) -> list[str]:
    return list(db.session.scalars(select(column).distinct().order_by(column)))


@bp.get("/audit")
def audit_list():
    authorize(policy.can_view_audit(current_user))
    filters = AuditFilterForm(request.args)
    filters.action.choices = [("", _("Any action"))] + [
        (a, a) for a in _distinct(AuditEvent.action)
    ]
    filters.object_type.choices = [("", _("Any object"))] + [
        (t, t) for t in _distinct(AuditEvent.object_type)
    ]
    filters.clean()
    query = select(AuditEvent)
    if filters.action.data:
        query = query.where(AuditEvent.action == filters.action.data)
    if filters.object_type.data:
        query = query.where(AuditEvent.object_type == filters.object_type.data)
    object_id = request.args.get("object_id", type=int)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    if filters.actor.data:
        needle = filters.actor.data.strip().lower()
        query = query.where(
            AuditEvent.actor_id.in_(
                select(User.id).where(
                    or_(
                        func.lower(User.full_name).contains(needle, autoescape=True),
                        User.email.contains(needle, autoescape=True),
                    )
                )
            )
        )
    page = db.paginate(
        query.order_by(AuditEvent.id.desc()),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    filtered = bool(
        filters.action.data or filters.object_type.data or filters.actor.data or object_id
    )
    return render_template(
        "admin/audit_list.html", page=page, filters=filters, filtered=filtered,
        object_id=object_id,
    )  # fmt: skip
