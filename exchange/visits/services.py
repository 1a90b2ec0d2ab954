"""Visit proposals: save, submit, decide, cancel, report.

Services check the rules, change the visit through the workflow (which audits every state
change), notify the people concerned and flush; the request commits once. A broken rule
raises VisitError (or VisitRulesError with one problem per field).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.partnerships.states import PartnershipState
from exchange.visits import notifying, rules
from exchange.visits import staff_days as days
from exchange.visits.chain import current_step, state_after_approval
from exchange.visits.errors import VisitError, VisitRulesError
from exchange.visits.models import COST_FIELDS, Visit
from exchange.visits.states import (
    EDITABLE,
    GRANTED,
    IN_APPROVAL,
    OCCUPYING,
    ApprovalStep,
    VisitState,
    VisitType,
    visit_workflow,
)

S = VisitState
EDIT_FIELDS = [
    "partnership_id", "visit_type", "mobility_type", "start_date", "end_date", "host_contact_id",
    "host_name", "host_email", "purpose", "activities", "expected_outcomes", "teaching_hours",
    "currency", *COST_FIELDS,
]  # fmt: skip
TEXT_MAX = 5_000


def _settings() -> rules.Settings:
    return rules.Settings.from_config(current_app.config)


def lock_visit(visit: Visit) -> None:
    """Take the visit's row lock and re-read it, so concurrent decisions queue up."""
    db.session.execute(select(Visit.id).where(Visit.id == visit.id).with_for_update())
    db.session.refresh(visit)


def required_text(text: str | None, field: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise VisitError(message, field)
    if len(text) > TEXT_MAX:
        raise VisitError(_l("Keep it under %(n)s characters.", n=f"{TEXT_MAX:,}"), field)
    return text


# --- Draft ----------------------------------------------------------------------------------


def _apply(visit: Visit, data: dict) -> None:
    partnership = data["partnership"]
    if partnership is None:
        raise VisitError(_l("Choose the agreement the visit goes under."), "partnership_id")
    if partnership.state != PartnershipState.ACTIVE:
        raise VisitError(
            _l("This agreement is not active; visits go under active agreements only."),
            "partnership_id",
        )
    try:
        visit_type = VisitType(data["visit_type"])
    except ValueError:
        raise VisitError(_l("Choose the kind of visit."), "visit_type") from None
    mobility_type = days.mobility_type_for(partnership, visit_type)
    if mobility_type is None:
        raise VisitError(
            _l(
                "This agreement has no outgoing staff condition for a %(type)s; choose another "
                "agreement or kind of visit.",
                type=visit_type.label.lower(),
            ),
            "visit_type",
        )
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise VisitError(_l("The last day comes before the first day."), "end_date")
    contact = data.get("host_contact")
    if contact is not None and contact.institution_id != partnership.partner_id:
        raise VisitError(_l("Choose a contact of the partner institution."), "host_contact_id")
    currency = (data.get("currency") or "EUR").strip().upper()
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise VisitError(_l("Use a three-letter ISO 4217 code, such as EUR."), "currency")
    for name in COST_FIELDS:
        amount = data.get(name)
        if amount is not None and Decimal(amount) < 0:
            raise VisitError(_l("Enter an amount of zero or more."), name)
    hours = data.get("teaching_hours") if visit_type.has_teaching_hours else None
    if hours is not None and hours < 0:
        raise VisitError(_l("Enter zero or more hours."), "teaching_hours")

    visit.partnership = partnership
    visit.partnership_id = partnership.id
    visit.visit_type, visit.mobility_type = visit_type, mobility_type
    visit.start_date, visit.end_date = start, end
    visit.days_on_site = days.days_on_site(start, end) if start and end else None
    visit.academic_year = days.academic_year_of(start) if start else None
    visit.host_contact_id = contact.id if contact is not None else None
    visit.host_name = (contact.name if contact else (data.get("host_name") or "").strip()) or None
    visit.host_email = (
        contact.email if contact else (data.get("host_email") or "").strip().lower()
    ) or None
    for name in ("purpose", "activities", "expected_outcomes"):
        visit.__setattr__(name, (data.get(name) or "").strip() or None)
    visit.teaching_hours = hours
    visit.currency = currency
    for name in COST_FIELDS:
        visit.__setattr__(name, data.get(name))


def save_draft(visit: Visit | None, data: dict, *, actor) -> Visit:
    """Create a draft (visit=None) or change a draft or returned proposal.

    `data`: partnership (Partnership), visit_type, start_date, end_date, host_contact
    (InstitutionContact or None), host_name, host_email, purpose, activities,
    expected_outcomes, teaching_hours, currency, travel_cost, subsistence_cost, other_cost.
    Only the shape is checked here; the rules are checked on submission.
    Side effects: a `visit.create` or `visit.update` audit record (the changed fields); flushes.
    """
    if visit is None:
        visit = Visit(proposer_id=actor.id, state=S.DRAFT)
        _apply(visit, data)
        db.session.add(visit)
        db.session.flush()
        audit.record("visit.create", visit, actor=actor, after=audit.snapshot(visit, EDIT_FIELDS))
        db.session.flush()
        return visit
    lock_visit(visit)
    if visit.state not in EDITABLE:
        raise VisitError(
            _l("A %(state)s proposal cannot be changed.", state=visit.state.label.lower())
        )
    before = audit.snapshot(visit, EDIT_FIELDS)
    _apply(visit, data)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(visit, EDIT_FIELDS))
    if new:
        audit.record("visit.update", visit, actor=actor, before=old, after=new)
        db.session.flush()
    return visit


# --- Rules ----------------------------------------------------------------------------------


def _overlaps(visit: Visit) -> list[rules.Overlap]:
    if visit.start_date is None or visit.end_date is None:
        return []
    others = db.session.scalars(
        select(Visit).where(
            Visit.proposer_id == visit.proposer_id,
            Visit.id != visit.id,
            Visit.state.in_(list(OCCUPYING)),
            Visit.start_date <= visit.end_date,
            Visit.end_date >= visit.start_date,
        )
    )
    return [
        rules.Overlap(o.start_date, o.end_date, f"{o.title}, {o.state.label.lower()}")
        for o in others
    ]


def facts_for(visit: Visit, today: date | None = None) -> rules.Facts:
    """What the rules need to know about the visit's surroundings (reads the database)."""
    partnership = visit.partnership
    condition = days.outgoing_condition(partnership, visit.mobility_type)
    used = 0
    if visit.academic_year is not None:
        used = days.staff_days(
            partnership, visit.mobility_type, visit.academic_year, exclude_visit_id=visit.id
        ).used
    return rules.Facts(
        agreement_active=partnership.state == PartnershipState.ACTIVE,
        validity=days.agreement_period(partnership),
        today=today or date.today(),
        mobility_label=visit.mobility_type.value,
        days_allowed=condition.days_per_year if condition is not None else 0,
        days_used_by_others=used,
        overlaps=_overlaps(visit),
    )


def check_visit(visit: Visit, today: date | None = None) -> list[rules.Problem]:
    """Every rule the visit breaks now (empty: it may be submitted)."""
    proposal = rules.Proposal(
        is_teaching=visit.visit_type.has_teaching_hours,
        start_date=visit.start_date,
        end_date=visit.end_date,
        teaching_hours=visit.teaching_hours,
        host_name=visit.host_name,
        purpose=visit.purpose,
        activities=visit.activities,
        expected_outcomes=visit.expected_outcomes,
        costs={name: getattr(visit, name) for name in COST_FIELDS},
    )
    return rules.check_proposal(proposal, facts_for(visit, today), _settings())


# --- Moves ----------------------------------------------------------------------------------


def submit_visit(visit: Visit, *, actor) -> Visit:
    """Send a draft (or a proposal returned for changes) into the approval chain.

    Takes the condition's lock first, so two submissions cannot both take the last days.
    Side effects: state submitted, submitted_at; audit `visit.submitted`; notifies the
    approvers of the first step and the proposer; flushes.
    """
    lock_visit(visit)
    if visit.state not in EDITABLE:
        raise VisitError(_l("Only a draft or a returned proposal can be submitted."))
    days.lock_condition(visit.partnership_id, visit.mobility_type)
    problems = check_visit(visit)
    if problems:
        raise VisitRulesError(problems)
    resubmission = visit.state == S.RETURNED
    visit.submitted_at = utcnow()
    visit_workflow.transition(visit, S.SUBMITTED, actor=actor)
    notifying.tell_proposer(
        visit, event="submitted", actor=actor,
        title=_l("Visit proposal submitted: %(visit)s", visit=visit.title),
        body=_l("It now waits for %(step)s.", step=current_step(visit).label.lower()),
    )  # fmt: skip
    notifying.tell_staff(
        notifying.step_approvers(visit), visit, event="to_approve", actor=actor,
        title=_l("Visit proposal to approve: %(name)s", name=visit.proposer.full_name),
        body=_l("%(name)s %(verb)s a proposal: %(visit)s, %(first)s to %(last)s.",
                name=visit.proposer.full_name,
                verb=_l("resubmitted") if resubmission else _l("submitted"),
                visit=visit.title, first=visit.start_date.isoformat(),
                last=visit.end_date.isoformat()),
    )  # fmt: skip
    return visit


def ensure_days_for_approval(visit: Visit) -> None:
    """Lock the condition and check that granting this visit keeps within the days per year."""
    condition = days.lock_condition(visit.partnership_id, visit.mobility_type)
    if condition is None:
        raise VisitError(
            _l("The agreement no longer has an outgoing %(type)s condition.",
               type=visit.mobility_type.label)
        )  # fmt: skip
    if condition.days_per_year is None:
        return
    granted = db.session.scalar(
        select(db.func.coalesce(db.func.sum(Visit.days_on_site), 0)).where(
            Visit.partnership_id == visit.partnership_id,
            Visit.mobility_type == visit.mobility_type,
            Visit.academic_year == visit.academic_year,
            Visit.state.in_(list(GRANTED)),
            Visit.id != visit.id,
        )
    )
    if granted + visit.days_on_site > condition.days_per_year:
        raise VisitError(
            _l(
                "Approving would exceed the agreement's %(type)s staff days: %(allowed)s a "
                "year, %(granted)s already approved, this visit needs %(days)s.",
                type=visit.mobility_type.value, allowed=condition.days_per_year,
                granted=granted, days=visit.days_on_site,
            )
        )  # fmt: skip


def move_and_tell(visit: Visit, target: VisitState, *, actor, note, event, title, body) -> None:
    """Move the visit, the person's words kept as the audit note, and tell the proposer."""
    visit_workflow.transition(visit, target, actor=actor, note=note)
    notifying.tell_proposer(visit, event=event, actor=actor, title=title, body=body)


def _decidable(visit: Visit) -> ApprovalStep:
    lock_visit(visit)
    step = current_step(visit)
    if visit.state not in IN_APPROVAL or step is None:
        raise VisitError(
            _l("This proposal is %(state)s; there is nothing to decide.",
               state=visit.state.label.lower())
        )  # fmt: skip
    return step


def approve_visit(visit: Visit, *, actor, note: str | None = None) -> Visit:
    """Approve the step the visit waits at (the caller checked can_approve).

    Re-checks the staff days under the condition's lock: approvals never grant more days
    than the agreement allows. Side effects: unit_approved_* or approved_*; audit
    `visit.unit_approved` or `visit.approved`; notifies the proposer and the next step's
    approvers (or the unit approver once approved); flushes.
    """
    step = _decidable(visit)
    ensure_days_for_approval(visit)
    target = state_after_approval(visit)
    now = utcnow()
    # Set before the move: the database ties an approved state to its approval time.
    if step == ApprovalStep.UNIT:
        visit.unit_approved_at, visit.unit_approved_by_id = now, actor.id
    if target == S.APPROVED:
        visit.approved_at, visit.approved_by_id = now, actor.id
    visit.return_comments = None
    visit_workflow.transition(visit, target, actor=actor, note=(note or "").strip() or None)
    if target == S.APPROVED:
        notifying.tell_proposer(
            visit, event="approved", actor=actor,
            title=_l("Visit approved: %(visit)s", visit=visit.title),
            body=_l("Your visit from %(first)s to %(last)s is approved. The confirmation is "
                    "ready to print.", first=visit.start_date.isoformat(),
                    last=visit.end_date.isoformat()),
        )  # fmt: skip
        unit_approver = visit.unit_approved_by
        notifying.tell_staff(
            [unit_approver] if unit_approver else [], visit, event="approved", actor=actor,
            title=_l("Visit approved by the office: %(visit)s", visit=visit.title),
            body=_l("%(name)s's visit is approved.", name=visit.proposer.full_name),
        )  # fmt: skip
    else:
        notifying.tell_proposer(
            visit, event="unit_approved", actor=actor,
            title=_l("Visit approved by your unit: %(visit)s", visit=visit.title),
            body=_l("%(name)s approved it; it now waits for the international office.",
                    name=actor.full_name),
        )  # fmt: skip
        notifying.tell_staff(
            notifying.step_approvers(visit), visit, event="to_approve", actor=actor,
            title=_l("Visit proposal to approve: %(name)s", name=visit.proposer.full_name),
            body=_l("Approved by the unit (%(head)s): %(visit)s, %(first)s to %(last)s.",
                    head=actor.full_name, visit=visit.title,
                    first=visit.start_date.isoformat(), last=visit.end_date.isoformat()),
        )  # fmt: skip
    return visit


def return_visit(visit: Visit, *, actor, comments: str) -> Visit:
    """Send the proposal back to the proposer for changes; resubmitting restarts the chain.

    Side effects: return_comments; audit `visit.returned` with the comments; notifies the
    proposer; flushes.
    """
    comments = required_text(comments, "comments", _l("Say what should change; the proposer "
                                                   "reads it."))  # fmt: skip
    _decidable(visit)
    visit.return_comments = comments
    move_and_tell(
        visit, S.RETURNED, actor=actor, note=comments, event="returned",
        title=_l("Visit proposal returned for changes: %(visit)s", visit=visit.title),
        body=_l("%(name)s asks for changes: %(comments)s", name=actor.full_name,
                comments=comments),
    )  # fmt: skip
    return visit


def reject_visit(visit: Visit, *, actor, reason: str) -> Visit:
    """Refuse the proposal for good. Side effects: rejection_reason; audit `visit.rejected`;
    notifies the proposer and the unit approver if the office rejects; flushes."""
    reason = required_text(reason, "reason", _l("Say why; the proposer reads it."))
    _decidable(visit)
    visit.rejection_reason = reason
    move_and_tell(
        visit, S.REJECTED, actor=actor, note=reason, event="rejected",
        title=_l("Visit proposal rejected: %(visit)s", visit=visit.title),
        body=_l("%(name)s rejected it: %(reason)s", name=actor.full_name, reason=reason),
    )  # fmt: skip
    return visit
