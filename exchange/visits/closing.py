"""Ending a visit: the proposer's report after the last day makes it completed; a
cancellation calls it off and releases its days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.visits import notifying
from exchange.visits.errors import VisitError
from exchange.visits.models import ACTUAL_COST_FIELDS, Visit
from exchange.visits.services import lock_visit, move_and_tell, required_text
from exchange.visits.states import CANCELLABLE, VisitState, visit_workflow

S = VisitState


REPORT_FIELDS = ["report_done", "report_outcomes", "report_follow_ups", *ACTUAL_COST_FIELDS]


def file_report(visit: Visit, data: dict, *, actor, today: date | None = None) -> Visit:
    """The proposer reports on the visit after its last day; the visit becomes completed.

    `data`: report_done, report_outcomes, report_follow_ups (text) and the actual costs.
    Side effects: the report fields, reported_at; audit `visit.completed` (with the report);
    notifies the proposer and the office; flushes.
    """
    lock_visit(visit)
    today = today or date.today()
    if visit.state != S.APPROVED:
        raise VisitError(_l("Only an approved visit can be reported on."))
    if today < visit.end_date:
        raise VisitError(
            _l("The report can be filed from the last day of the visit, %(day)s.",
               day=visit.end_date.isoformat())
        )  # fmt: skip
    visit.report_done = required_text(data.get("report_done"), "report_done",
                                  _l("Say what was done during the visit."))  # fmt: skip
    visit.report_outcomes = required_text(data.get("report_outcomes"), "report_outcomes",
                                      _l("Describe the outcomes."))  # fmt: skip
    visit.report_follow_ups = (data.get("report_follow_ups") or "").strip() or None
    for name in ACTUAL_COST_FIELDS:
        amount = data.get(name)
        if amount is not None and Decimal(amount) < 0:
            raise VisitError(_l("Enter an amount of zero or more."), name)
        setattr(visit, name, amount)
    visit.reported_at = utcnow()
    visit_workflow.transition(visit, S.COMPLETED, actor=actor)
    audit.record("visit.report", visit, actor=actor, after=audit.snapshot(visit, REPORT_FIELDS))
    db.session.flush()
    notifying.tell_proposer(
        visit, event="completed", actor=actor,
        title=_l("Visit report filed: %(visit)s", visit=visit.title),
        body=_l("Thank you; the visit is completed."),
    )  # fmt: skip
    staff = [visit.approved_by] if visit.approved_by is not None else []
    notifying.tell_staff(
        staff or notifying.office_approvers(visit), visit, event="completed", actor=actor,
        title=_l("Visit report filed: %(visit)s", visit=visit.title),
        body=_l("%(name)s reported on the visit.", name=visit.proposer.full_name),
    )  # fmt: skip
    return visit


def cancel_visit(visit: Visit, *, actor, reason: str) -> Visit:
    """Call the visit off; its days are released at once (cancelled visits do not count).

    Side effects: cancellation_reason, cancelled_at; audit `visit.cancelled`; notifies the
    proposer, and the office and unit approver when the visit had left the draft; flushes.
    """
    reason = required_text(reason, "reason", _l("Say why the visit is cancelled."))
    lock_visit(visit)
    if visit.state not in CANCELLABLE:
        raise VisitError(
            _l("A %(state)s visit cannot be cancelled.", state=visit.state.label.lower())
        )
    was = visit.state
    visit.cancellation_reason, visit.cancelled_at = reason, utcnow()
    move_and_tell(
        visit, S.CANCELLED, actor=actor, note=reason, event="cancelled",
        title=_l("Visit cancelled: %(visit)s", visit=visit.title),
        body=_l("%(name)s cancelled it: %(reason)s", name=actor.full_name, reason=reason),
    )  # fmt: skip
    if was not in (S.DRAFT, S.RETURNED):
        staff = notifying.office_approvers(visit)
        if visit.unit_approved_by is not None:
            staff.append(visit.unit_approved_by)
        notifying.tell_staff(
            staff, visit, event="cancelled", actor=actor,
            title=_l("Visit cancelled: %(visit)s", visit=visit.title),
            body=_l("%(name)s cancelled %(proposer)s's visit: %(reason)s",
                    name=actor.full_name, proposer=visit.proposer.full_name, reason=reason),
        )  # fmt: skip
    return visit
