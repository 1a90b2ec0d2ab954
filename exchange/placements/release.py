"""Releasing a call's results: the moment students learn the decisions of a committed run.

Until then state_for_student shows every decision as "under review" and no notice or mail
names it. The release happens once per call, by whichever comes first:
- a coordinator's button (on or after the call's release day; earlier only with a written
  reason, recorded in the audit note -- for a call released ahead of its announced date);
- `flask exchange release-results` (a scheduler runs it daily) once the release day came;
- on read, when the release day has come: the coordinator's results page and the student's
  result page release first, so no one waits for the scheduler.
It sets Call.results_released_at, offers every selected application a seat (SELECTED ->
OFFERED, deadline today + call.offer_days, notified), and tells the waitlisted their position
on each list and the not selected the refusal. Idempotent: running it again only offers what
a later round selected since (a second round after the release), never repeats a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from exchange import audit
from exchange.applications.models import Application
from exchange.applications.notifying import notify_application
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.db import utcnow
from exchange.extensions import db
from exchange.placements.errors import PlacementError
from exchange.placements.policy import is_released, release_day_reached
from exchange.placements.promotion import positions
from exchange.programs.calls import Call

S = ApplicationState
REASON_MAX = 2000


@dataclass
class ReleaseSummary:
    released_now: bool
    offered: int = 0
    waitlisted: int = 0
    not_selected: int = 0


def _of_call(call: Call, state: ApplicationState) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.call_id == call.id, Application.state == state)
            .order_by(Application.id)
        )
    )


def _lock_call(call: Call) -> None:
    # Two releases at once (a button and a page read): the second waits, then sees the first.
    db.session.execute(select(Call.id).where(Call.id == call.id).with_for_update())
    db.session.refresh(call)


def _offer_selected(call: Call, today: date) -> int:
    count = 0
    for application in _of_call(call, S.SELECTED):
        application.offer_deadline = today + timedelta(days=call.offer_days)
        program = application.outcome_program
        change_application_state(
            application, S.OFFERED, actor=None, deadline=application.offer_deadline,
            note=str(_l("Offered a place at %(program)s (%(term)s).", program=program.title,
                        term=program.term.label)),
        )  # fmt: skip
        count += 1
    return count


def _tell_waitlisted(application: Application) -> None:
    lines = [
        str(_l("%(program)s: number %(n)s on the waiting list.", program=p.title, n=n))
        for p, n in positions(application)
    ]
    state = S.WAITLISTED
    notify_application(
        [application.student], application, kind="state",
        title=_l("%(call)s: %(state)s", call=application.call.title, state=state.label),
        body="\n".join([state.explanation, *lines, state.next_step]), state=state,
    )  # fmt: skip


def _tell_not_selected(application: Application) -> None:
    state = S.NOT_SELECTED
    notify_application(
        [application.student], application, kind="state",
        title=_l("%(call)s: %(state)s", call=application.call.title, state=state.label),
        body=f"{state.explanation}\n{state.next_step}", state=state,
    )  # fmt: skip


def release_results(
    call: Call, *, actor, today: date | None = None, reason: str | None = None
) -> ReleaseSummary:
    """Release the call's results (see the module docstring for what that does).

    Side effects: Call.results_released_at; a `call.release` audit record (the reason, for an
    early release, as its note); offers, notices and mails; flushes. Raises PlacementError
    (field "reason") for an early release without a reason.
    """
    today = today or date.today()
    reason = (reason or "").strip() or None
    _lock_call(call)
    summary = ReleaseSummary(released_now=not is_released(call))
    if summary.released_now:
        if not release_day_reached(call, today) and reason is None:
            if call.results_release_on is None:
                message = _l("This call has no release date. To release its results now, "
                             "say why.")  # fmt: skip
            else:
                message = _l("The results are due on %(day)s. To release them earlier, say why.",
                             day=call.results_release_on.isoformat())  # fmt: skip
            raise PlacementError(message, field="reason")
        if reason is not None and len(reason) > REASON_MAX:
            raise PlacementError(
                _l("Keep the reason under %(n)s characters.", n=REASON_MAX), field="reason"
            )
        call.results_released_at = utcnow()
        audit.record(
            "call.release", call, actor=actor, before={"results_released_at": None},
            after={"results_released_at": call.results_released_at.isoformat()}, note=reason,
        )  # fmt: skip
        db.session.flush()
    summary.offered = _offer_selected(call, today)
    if summary.released_now:
        for application in _of_call(call, S.WAITLISTED):
            _tell_waitlisted(application)
            summary.waitlisted += 1
        for application in _of_call(call, S.NOT_SELECTED):
            _tell_not_selected(application)
            summary.not_selected += 1
    db.session.flush()
    return summary


def release_if_due(call: Call, today: date | None = None) -> ReleaseSummary | None:
    """On read and from the scheduler: release when the day has come, or offer what a later
    round selected after the release. None when there was nothing to do (one query)."""
    today = today or date.today()
    if not is_released(call):
        if not release_day_reached(call, today):
            return None
        return release_results(call, actor=None, today=today)
    pending = db.session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.call_id == call.id, Application.state == S.SELECTED)
    )
    if not pending:
        return None
    return release_results(call, actor=None, today=today)


def release_due_calls(today: date | None = None) -> list[tuple[Call, ReleaseSummary]]:
    """Every call whose release day has come (or that has selections left to offer)."""
    today = today or date.today()
    selected = select(Application.call_id).where(Application.state == S.SELECTED)
    calls = db.session.scalars(
        select(Call)
        .where(
            (Call.results_released_at.is_(None) & (Call.results_release_on <= today))
            | (Call.results_released_at.is_not(None) & Call.id.in_(selected))
        )
        .order_by(Call.id)
    ).all()
    done = []
    for call in calls:
        summary = release_if_due(call, today)
        if summary is not None:
            done.append((call, summary))
    return done
