"""Who may do what with a visit proposal: `can_<verb>(user, visit) -> bool`.

Who: the proposer; the approver of the current step (the head of the proposer's unit or of
its faculty, or a coordinator scoped to that unit, for the unit step; a coordinator whose
scope covers the agreement's unit for the office step). When neither the proposer's unit nor
its faculty has a head, university-wide coordinators take the unit step, so no proposal
waits for nobody. Nobody decides on their own visit. Drafts are the proposer's alone.
"""

from __future__ import annotations

from datetime import date

from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope, is_university_wide
from exchange.visits.chain import current_step
from exchange.visits.states import (
    CANCELLABLE,
    EDITABLE,
    IN_APPROVAL,
    ApprovalStep,
    VisitState,
)


def _is_proposer(user, visit) -> bool:
    return has_role(user, Role.FACULTY) and visit.proposer_id == user.id


def heads_unit(user, unit) -> bool:
    """The user heads this unit or the faculty it belongs to."""
    if unit is None or not has_role(user, Role.FACULTY):
        return False
    return unit.head_id == user.id or (unit.parent is not None and unit.parent.head_id == user.id)


def unit_has_head(unit) -> bool:
    return unit is not None and (
        unit.head_id is not None or (unit.parent is not None and unit.parent.head_id is not None)
    )


def may_take_unit_step(user, visit) -> bool:
    """Head of the proposer's unit, a coordinator scoped to it, or (no head) the office."""
    unit = visit.proposer.org_unit
    if heads_unit(user, unit):
        return True
    if is_university_wide(user):
        return not unit_has_head(unit)
    return unit is not None and in_scope(user, unit.id)


def may_take_office_step(user, visit) -> bool:
    return in_scope(user, visit.partnership.org_unit_id)


def is_step_approver(user, visit) -> bool:
    """May decide the step the visit waits at now (never on one's own visit)."""
    if user is None or visit.proposer_id == getattr(user, "id", None):
        return False
    step = current_step(visit)
    if step == ApprovalStep.UNIT:
        return may_take_unit_step(user, visit)
    if step == ApprovalStep.OFFICE:
        return may_take_office_step(user, visit)
    return False


def can_propose(user) -> bool:
    return has_role(user, Role.FACULTY)


def can_view(user, visit) -> bool:
    if _is_proposer(user, visit):
        return True
    if visit.state == VisitState.DRAFT:
        return False
    return may_take_office_step(user, visit) or may_take_unit_step(user, visit)


def can_edit(user, visit) -> bool:
    return _is_proposer(user, visit) and visit.state in EDITABLE


def can_submit(user, visit) -> bool:
    """Submit a draft, or resubmit a proposal returned for changes."""
    return can_edit(user, visit)


def can_approve(user, visit) -> bool:
    return visit.state in IN_APPROVAL and is_step_approver(user, visit)


def can_reject(user, visit) -> bool:
    return can_approve(user, visit)


def can_return(user, visit) -> bool:
    return can_approve(user, visit)


def can_cancel(user, visit) -> bool:
    """The proposer until the visit is completed; the office while it is in its hands."""
    if visit.state not in CANCELLABLE:
        return False
    if _is_proposer(user, visit):
        return True
    return (
        visit.state not in (VisitState.DRAFT, VisitState.RETURNED)
        and visit.proposer_id != getattr(user, "id", None)
        and may_take_office_step(user, visit)
    )


def can_report(user, visit, today: date | None = None) -> bool:
    """From the last day of the visit on, the proposer files the report."""
    today = today or date.today()
    return (
        _is_proposer(user, visit)
        and visit.state == VisitState.APPROVED
        and visit.end_date is not None
        and today >= visit.end_date
    )


def can_view_confirmation(user, visit) -> bool:
    return visit.state in (VisitState.APPROVED, VisitState.COMPLETED) and can_view(user, visit)


def can_manage_documents(user, visit) -> bool:
    return can_edit(user, visit)


def can_download_document(user, visit) -> bool:
    return can_view(user, visit)
