"""Record, change, confirm, complete and cancel incoming visits.

Each service checks the rules (exchange/visits/incoming/models.py), writes an audit record
and flushes; the request commits. A broken rule raises IncomingVisitError naming its form field.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.notify import notify
from exchange.visits.incoming.models import (
    EDITABLE,
    FIELDS,
    IncomingState,
    IncomingVisit,
    IncomingVisitError,
    apply_fields,
    check_rules,
    incoming_workflow,
)


def record_incoming_visit(*, actor, **fields) -> IncomingVisit:
    """Record a visitor from a partner; the visit takes its days from now on.

    `fields`: partnership, visit_type, visitor_name, visitor_email, position, partner_unit,
    start_date, end_date, host, host_unit, purpose, teaching_hours. Side effects: the visit
    (recorded), an `incoming_visit.create` audit record. Locks the incoming condition row
    (PostgreSQL) while it sums the days, so two visits cannot both take the last days.
    """
    derived = check_rules(fields, None)
    visit = IncomingVisit(state=IncomingState.RECORDED, recorded_by_id=getattr(actor, "id", None))
    apply_fields(visit, fields, derived)
    db.session.add(visit)
    db.session.flush()
    audit.record("incoming_visit.create", visit, actor=actor, after=audit.snapshot(visit, FIELDS))
    db.session.flush()
    return visit


def update_incoming_visit(visit: IncomingVisit, *, actor, **fields) -> IncomingVisit:
    """Change a recorded or confirmed visit; the rules are checked again.

    Side effects: an `incoming_visit.update` audit record with the fields that changed; a
    confirmed visit's host hears of new dates.
    """
    if visit.state not in EDITABLE:
        raise IncomingVisitError(
            _l("A %(state)s visit can no longer be changed.", state=visit.state.label)
        )
    derived = check_rules(fields, visit)
    before = audit.snapshot(visit, FIELDS)
    apply_fields(visit, fields, derived)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(visit, FIELDS))
    if new:
        audit.record("incoming_visit.update", visit, actor=actor, before=old, after=new)
        dates_moved = {"start_date", "end_date"} & set(new)
        if visit.state == IncomingState.CONFIRMED and dates_moved:
            _tell_host(visit, "incoming_visit.rescheduled",
                       _l("Visit moved: %(name)s", name=visit.visitor_name))  # fmt: skip
        db.session.flush()
    return visit


def confirm_incoming_visit(visit: IncomingVisit, *, actor) -> IncomingVisit:
    """Confirm the visit (the partner and the host agreed).

    Side effects: state confirmed, confirmed_at; the audit record of the transition; a notice
    and a mail to the host faculty member.
    """
    _require(visit, IncomingState.CONFIRMED)
    visit.confirmed_at = utcnow()
    incoming_workflow.transition(visit, IncomingState.CONFIRMED, actor=actor)
    _tell_host(visit, "incoming_visit.confirmed",
               _l("Visitor confirmed: %(name)s", name=visit.visitor_name))  # fmt: skip
    return visit


def complete_incoming_visit(visit: IncomingVisit, *, actor, today: date | None = None):
    """Mark a confirmed visit as held, once its last day has come.

    Side effects: state completed and the audit record of the transition.
    """
    _require(visit, IncomingState.COMPLETED)
    today = today or date.today()
    if visit.end_date > today:
        raise IncomingVisitError(
            _l("The visit ends on %(day)s; mark it completed from that day on.",
               day=visit.end_date.isoformat())
        )  # fmt: skip
    incoming_workflow.transition(visit, IncomingState.COMPLETED, actor=actor)
    return visit


def cancel_incoming_visit(visit: IncomingVisit, *, actor, reason: str) -> IncomingVisit:
    """Cancel the visit; its days return to the agreement.

    Side effects: state cancelled, cancelled_at, cancel_reason; the audit record of the
    transition (the reason as its note); the host hears of it when the visit was confirmed.
    """
    _require(visit, IncomingState.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise IncomingVisitError(_l("Say why the visit is cancelled."), "reason")
    was_confirmed = visit.state == IncomingState.CONFIRMED
    visit.cancel_reason, visit.cancelled_at = reason, utcnow()
    incoming_workflow.transition(visit, IncomingState.CANCELLED, actor=actor, note=reason)
    if was_confirmed:
        _tell_host(visit, "incoming_visit.cancelled",
                   _l("Visit cancelled: %(name)s", name=visit.visitor_name))  # fmt: skip
    return visit


def _require(visit: IncomingVisit, target: IncomingState) -> None:
    if not incoming_workflow.allowed(visit.state, target):
        raise IncomingVisitError(
            _l("A %(state)s visit cannot become %(target)s.",
               state=visit.state.label, target=target.label)
        )  # fmt: skip


def _tell_host(visit: IncomingVisit, kind: str, title) -> None:
    """A notice and a mail to the host faculty member (hosting units have no inbox)."""
    if visit.host is None:
        return
    body = _l(
        "%(name)s (%(position)s, %(partner)s) visits you from %(start)s to %(end)s for "
        "%(type)s under the agreement “%(agreement)s”. Status: %(state)s. Purpose: %(purpose)s",
        name=visit.visitor_name, position=visit.position, partner=visit.partnership.partner.name,
        start=visit.start_date.isoformat(), end=visit.end_date.isoformat(),
        type=visit.visit_type.label, agreement=visit.partnership.title,
        state=visit.state.label, purpose=visit.purpose,
    )  # fmt: skip
    if visit.state == IncomingState.CANCELLED:
        body = f"{body}\n\n{_l('Reason: %(reason)s', reason=visit.cancel_reason)}"
    notify([visit.host], kind=kind, title=str(title), body=str(body), obj=visit)
