"""Who may object, see and answer objections, and the list queries that agree.

Who: the applicant (owner student) lodges; coordinators whose scope covers the application
(exchange/applications/policy.is_coordinator_for) see and answer. When: the window and the
application's state (exchange/placements/objections.window_refusal); an objection is answered
once, while it is lodged.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from exchange.accounts.roles import Role, has_role
from exchange.applications.models import Application
from exchange.applications.policy import (
    is_coordinator_for,
    is_owner,
    visible_applications_clause,
)
from exchange.extensions import db
from exchange.placements.objections.services import Objection, ObjectionState, window_refusal


def objection_refusal(user, application, today: date | None = None) -> str | None:
    """Why this user may not object to this application today (None when they may)."""
    if not is_owner(user, application):
        return str(_l("Only the applicant may object to this result."))
    return window_refusal(application, today or date.today())


def can_object(user, application, today: date | None = None) -> bool:
    return objection_refusal(user, application, today) is None


def can_view_objection(user, objection: Objection) -> bool:
    application = objection.application
    return is_owner(user, application) or is_coordinator_for(user, application)


def can_answer_objection(user, objection: Objection) -> bool:
    return (
        is_coordinator_for(user, objection.application) and objection.state == ObjectionState.LODGED
    )


def can_list_objections(user, call) -> bool:
    return has_role(user, Role.COORDINATOR)


def listed_state(value: str | None) -> ObjectionState | None:
    """The list's state filter from the URL: lodged unless asked; "all" or unknown: None."""
    try:
        return ObjectionState(value or ObjectionState.LODGED.value)
    except ValueError:
        return None


def objections_query(user, call, state: ObjectionState | None = None) -> Select:
    """The objections of a call this coordinator may see, oldest lodged first (answer in
    order); agrees with can_view_objection for coordinators."""
    query = (
        select(Objection)
        .join(Application, Application.id == Objection.application_id)
        .where(Application.call_id == call.id, visible_applications_clause(user))
        .order_by(Objection.lodged_at, Objection.id)
    )
    if state is not None:
        query = query.where(Objection.state == state)
    return query


def objection_counts(user, call) -> dict[ObjectionState, int]:
    """Objections per state (every state, zeros included) in one statement."""
    rows = db.session.execute(
        select(Objection.state, func.count(Objection.id))
        .join(Application, Application.id == Objection.application_id)
        .where(Application.call_id == call.id, visible_applications_clause(user))
        .group_by(Objection.state)
    ).all()
    found = {ObjectionState(state): n for state, n in rows}
    return {state: found.get(state, 0) for state in ObjectionState}
