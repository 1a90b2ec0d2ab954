"""Who may see and manage incoming visits: coordinators in scope of the agreement's unit.

Faculty hosts hear of their visitors by notice and mail; students and admins have no access.
"""

from __future__ import annotations

from datetime import date

from exchange.accounts.roles import Role
from exchange.accounts.scope import in_scope, unit_clause
from exchange.partnerships.models import Partnership
from exchange.visits.incoming.models import (
    EDITABLE,
    IncomingState,
    IncomingVisit,
    incoming_workflow,
)


def _coordinator(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)) and user.has_role(
        Role.COORDINATOR
    )


def can_list_incoming_visits(user) -> bool:
    return _coordinator(user)


def can_record_incoming_visit(user, partnership: Partnership | None = None) -> bool:
    """Any coordinator opens the form; under a given agreement, those in its unit's scope."""
    if partnership is None:
        return _coordinator(user)
    return in_scope(user, partnership.org_unit_id)


def can_view_incoming_visit(user, visit: IncomingVisit) -> bool:
    return in_scope(user, visit.partnership.org_unit_id)


def can_edit_incoming_visit(user, visit: IncomingVisit) -> bool:
    return can_view_incoming_visit(user, visit) and visit.state in EDITABLE


def _can_move(user, visit: IncomingVisit, target: IncomingState) -> bool:
    return can_view_incoming_visit(user, visit) and incoming_workflow.allowed(visit.state, target)


def can_confirm_incoming_visit(user, visit: IncomingVisit) -> bool:
    return _can_move(user, visit, IncomingState.CONFIRMED)


def can_complete_incoming_visit(user, visit: IncomingVisit, today: date | None = None) -> bool:
    """A confirmed visit, from its last day on."""
    today = today or date.today()
    return _can_move(user, visit, IncomingState.COMPLETED) and visit.end_date <= today


def can_cancel_incoming_visit(user, visit: IncomingVisit) -> bool:
    return _can_move(user, visit, IncomingState.CANCELLED)


def scoped_partnerships_clause(user):
    """Agreements in the coordinator's scope (agrees with can_view_incoming_visit)."""
    return unit_clause(user, Partnership.org_unit_id)


def can_view_visit_overview(user) -> bool:
    """The office's lists of outgoing and incoming visits and the staff days: coordinators."""
    return _coordinator(user)
