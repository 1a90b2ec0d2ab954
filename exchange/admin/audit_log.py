"""The audit trail: every change, who made it, and the values before and after."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from exchange import audit
from exchange.accounts import policy
from exchange.accounts.queries import user_ids_matching
from exchange.admin import bp
from exchange.admin.forms import AuditFilterForm
from exchange.audit import AuditEvent
from exchange.web import authorize, page, paginate


def _choices(any_label: str, column) -> list[tuple[str, str]]:
    return [("", any_label)] + [(v, v) for v in audit.distinct_values(column)]


@bp.get("/audit")
def audit_list():
    authorize(policy.can_view_audit(current_user))
    filters = AuditFilterForm(request.args)
    filters.action.choices = _choices(_("Any action"), AuditEvent.action)
    filters.object_type.choices = _choices(_("Any object"), AuditEvent.object_type)
    filters.clean()
    object_id = request.args.get("object_id", type=int)
    actor = filters.actor.data
    events = audit.events_query(
        action=filters.action.data,
        object_type=filters.object_type.data,
        object_id=object_id,
        actor_ids=user_ids_matching(actor) if actor else None,
    )
    filtered = bool(filters.action.data or filters.object_type.data or actor or object_id)
    return page(
        "admin/audit_list.html",
        page=paginate(events),
        filters=filters,
        filtered=filtered,
        object_id=object_id,
    )
