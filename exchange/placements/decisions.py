"""Deciding one application by hand: offer, refuse, or offer another destination or period.

Always with a written reason (the audit note). Seats are taken and freed through the same
database counter as everywhere else: a full program refuses the offer with SeatsFull.
Before the call's release an offer is a selection (SELECTED, released with the others);
after it, an offer with a deadline (OFFERED, notified), and a refusal is notified at once.
"Another destination" is a program of the same call; "another period" a program of the same
agreement in another term or year (its own call, or none).

A placement the partner rejected (policy.returned_by_partner) may be offered another
destination: placed -> offered, with a new deadline. The seat moves (the new program's taken
first, then the old one freed and offered to its waiting list) and the rejected nomination,
if still open, is cancelled so that the student can be nominated at the new destination.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.applications.models import Application
from exchange.applications.notifying import notify_application
from exchange.applications.queries import lock_for_update
from exchange.applications.seats import freed, give_seat, take_seat
from exchange.applications.states import HOLDING_SEAT, ApplicationState, application_workflow
from exchange.applications.transitions import change_application_state, move
from exchange.extensions import db
from exchange.placements.errors import PlacementError
from exchange.placements.nominations.models import NominationStatus, nomination_workflow
from exchange.placements.nominations.services import active_nomination
from exchange.placements.policy import decidable, is_released
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from exchange.workflow import TransitionError

S = ApplicationState
REASON_MAX = 2000


class Decision(StrEnum):
    OFFER = "offer"
    REFUSE = "refuse"


def destination_programs(application: Application) -> list[Program]:
    """Programs an offer by hand may name: the call's, then the agreements' other periods."""
    partnership_ids = {c.program.partnership_id for c in application.choices}
    query = select(Program).where(Program.state != ProgramState.CANCELLED)
    in_call = Program.call_id == application.call_id
    if partnership_ids:
        query = query.where(in_call | Program.partnership_id.in_(partnership_ids))
    else:
        query = query.where(in_call)
    programs = db.session.scalars(query.order_by(Program.academic_year, Program.title)).all()
    return sorted(programs, key=lambda p: (p.call_id != application.call_id, p.academic_year,
                                           p.title))  # fmt: skip


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise PlacementError(_l("Write the reason for this decision; the student may read it."),
                             field="reason")  # fmt: skip
    if len(reason) > REASON_MAX:
        raise PlacementError(
            _l("Keep the reason under %(n)s characters.", n=REASON_MAX), field="reason"
        )
    return reason


def _check_program(application: Application, program: Program | None) -> Program:
    if program is None:
        raise PlacementError(_l("Choose the program to offer."), field="program_id")
    if program not in destination_programs(application):
        raise PlacementError(
            _l("%(program)s is neither in this call nor another period of a chosen agreement.",
               program=program.title), field="program_id",
        )  # fmt: skip
    return program


def _switch_seat(application: Application, program: Program, *, actor) -> None:
    """Move a held seat to another program: take the new one first, so a full program
    leaves everything as it was."""
    old = application.outcome_program_id
    take_seat(program.id)
    application.outcome_program_id = program.id
    if old is not None:
        give_seat(old)
    audit.record(
        "application.destination", application, actor=actor,
        before={"outcome_program_id": old}, after={"outcome_program_id": program.id},
    )  # fmt: skip
    db.session.flush()
    if old is not None:
        freed.send(application, program_id=old, actor=actor)


def _check_returned(application: Application, program: Program) -> None:
    """A placement the partner rejected is offered another destination, after the release."""
    if program.id == application.outcome_program_id:
        raise PlacementError(
            _l("The partner rejected %(program)s; choose another destination or period.",
               program=program.title), field="program_id",
        )  # fmt: skip
    if not is_released(application.call):
        raise PlacementError(_l("The results of this call are not released; a placement cannot "
                                "be offered elsewhere before."), field="decision")  # fmt: skip


def _close_returned_nomination(application: Application, *, actor, reason: str) -> None:
    """Cancel the rejected nomination still open, so a new one can be made (audited)."""
    nomination = active_nomination(application)
    if nomination is not None and nomination.returned_to_office:
        nomination_workflow.transition(
            nomination, NominationStatus.CANCELLED, actor=actor,
            note=str(_l("Another destination was offered: %(reason)s", reason=reason)),
        )  # fmt: skip


def _tell_new_destination(application: Application, program: Program, *, reason: str) -> None:
    """The student's notice and mail: the new destination, and the deadline to answer."""
    state = application.state
    body = "\n".join([
        str(_l("The partner did not accept your nomination; you are offered %(program)s "
               "instead.", program=program.title)),
        state.explanation, state.next_step_before(application.offer_deadline),
    ])  # fmt: skip
    notify_application(
        [application.student], application, kind="state",
        title=_l("%(call)s: %(state)s", call=application.call.title, state=state.label),
        body=body, state=state, note=reason,
    )  # fmt: skip


def _offer(application: Application, program: Program, *, actor, reason: str, today: date):
    released = is_released(application.call)
    target = S.OFFERED if released else S.SELECTED
    holding = application.state in HOLDING_SEAT
    returned = application.state == S.PLACED
    if returned:
        _check_returned(application, program)
    if application.state == target and application.outcome_program_id == program.id:
        raise PlacementError(
            _l("This application already holds a place at %(program)s.", program=program.title),
            field="program_id",
        )  # fmt: skip
    if holding and application.outcome_program_id != program.id:
        _switch_seat(application, program, actor=actor)
    else:
        application.outcome_program_id = program.id
    if released:
        application.offer_deadline = today + timedelta(days=application.call.offer_days)
    if target == S.OFFERED and application.state in (S.SUBMITTED, S.UNDER_REVIEW):
        # The table reaches an offer through a selection; both steps are recorded.
        change_application_state(application, S.SELECTED, actor=actor, note=reason)
    if returned:
        move(application, target, actor=actor, note=reason)
        _close_returned_nomination(application, actor=actor, reason=reason)
        _tell_new_destination(application, program, reason=reason)
    elif application.state != target:
        change_application_state(application, target, actor=actor, note=reason,
                                 deadline=application.offer_deadline)  # fmt: skip
    else:
        # Same state, another destination: the student learns of the new place.
        notify_application(
            [application.student], application, kind="state",
            title=_l("%(call)s: %(state)s", call=application.call.title, state=target.label),
            body=f"{target.explanation}\n{target.next_step_before(application.offer_deadline)}",
            state=target, note=reason,
        )  # fmt: skip


def _refuse(application: Application, *, actor, reason: str) -> None:
    if application.state == S.NOT_SELECTED:
        raise PlacementError(_l("This application is already not selected."), field="decision")
    if application.state == S.PLACED:
        raise PlacementError(
            _l("A placement cannot be refused; offer another destination or cancel the "
               "placement from the nomination."), field="decision",
        )  # fmt: skip
    if not application_workflow.allowed(application.state, S.NOT_SELECTED):
        raise PlacementError(
            _l("An offered place cannot be refused; cancel the application instead."),
            field="decision",
        )
    change_application_state(application, S.NOT_SELECTED, actor=actor, note=reason)
    if is_released(application.call):
        state = S.NOT_SELECTED
        notify_application(
            [application.student], application, kind="state",
            title=_l("%(call)s: %(state)s", call=application.call.title, state=state.label),
            body=f"{state.explanation}\n{state.next_step}", state=state, note=reason,
        )  # fmt: skip


def decide_application(
    application: Application, *, decision, actor, reason: str | None,
    program: Program | None = None, today: date | None = None,
) -> Application:  # fmt: skip
    """Offer (a program of the call or another period of a chosen agreement) or refuse; a
    placement the partner rejected may only be offered another destination.

    Side effects: the move's audit record with the reason as its note (and an
    `application.destination` record when a held seat moves to another program); the seat
    taken, moved or freed (SeatsFull when the program is full); after the release, the
    student's notice and mail, and the freed seat offered to the waiting list; for a
    rejected placement, the open rejected nomination cancelled (audited); flushes.
    """
    today = today or date.today()
    lock_for_update(application)
    if not decidable(application):
        raise PlacementError(
            _l("A %(state)s application cannot be decided by hand.",
               state=application.state.label.lower()), field="decision",
        )  # fmt: skip
    reason = _reason(reason)
    try:
        decision = Decision(decision)
    except ValueError:
        raise PlacementError(_l("Choose a decision."), field="decision") from None
    try:
        if decision == Decision.OFFER:
            _offer(application, _check_program(application, program), actor=actor,
                   reason=reason, today=today)  # fmt: skip
        else:
            _refuse(application, actor=actor, reason=reason)
    except TransitionError as error:
        raise PlacementError(str(error), field="decision") from None
    db.session.flush()
    return application
