"""Waiting lists and promotion: a freed seat goes to the next eligible waitlisted applicant.

The order is the committed run's (exchange/selection/models.WaitlistEntry: program, application,
position). When a held seat is given back (a decline, an expiry, a withdrawal, a cancellation:
the `freed` signal of exchange/applications/seats.py) and the call's results are released, the
first applicant on that program's list who is still waitlisted and still eligible (checked
again now with exchange/programs/eligibility.py, the calendar aside) is offered the seat with a
new deadline. The ineligible are skipped with an audit note and stay on the list. Before the
release nothing is promoted: the office may still re-run the selection.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from exchange import audit
from exchange.accounts.languages import language_levels
from exchange.applications.models import Application
from exchange.applications.seats import SeatsFull, freed, seats_left
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.extensions import db
from exchange.placements.policy import is_released
from exchange.programs.eligibility import TIMING, check
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from exchange.selection.models import WaitlistEntry

log = logging.getLogger(__name__)
S = ApplicationState


def waiting_query(program_id: int):
    """The still-waitlisted applications on a program's list, in list order."""
    return (
        select(Application)
        .join(WaitlistEntry, WaitlistEntry.application_id == Application.id)
        .where(WaitlistEntry.program_id == program_id, Application.state == S.WAITLISTED)
        .order_by(WaitlistEntry.position, WaitlistEntry.id)
    )


def positions(application: Application) -> list[tuple[Program, int]]:
    """(program, current position) for each list the application is still waiting on; the
    position counts only those ahead who are still waitlisted (1 = next in line)."""
    if application.state != S.WAITLISTED:
        return []
    mine = db.session.execute(
        select(WaitlistEntry.program_id, WaitlistEntry.position).where(
            WaitlistEntry.application_id == application.id
        )
    ).all()
    result = []
    for program_id, position in mine:
        ahead = db.session.scalar(
            select(func.count())
            .select_from(WaitlistEntry)
            .join(Application, Application.id == WaitlistEntry.application_id)
            .where(
                WaitlistEntry.program_id == program_id,
                WaitlistEntry.position < position,
                Application.state == S.WAITLISTED,
            )
        )
        result.append((db.session.get(Program, program_id), ahead + 1))
    return sorted(result, key=lambda pair: pair[1])


def ineligibility(application: Application, program: Program, today: date) -> list[str]:
    """Why the applicant may not take this program now (the application window aside)."""
    student = application.student
    if not student.is_active:
        return [str(_l("The student's account is deactivated."))]
    verdict = check(student, program, language_levels(student), today)
    return [r.message for r in verdict.reasons if r.code not in TIMING]


def promote_next(program: Program, *, actor=None, today: date | None = None):
    """Offer a free seat of the program to the next eligible waitlisted applicant, if any.

    Side effects: `application.offered` audit (note names the freed seat) and the offer's
    notice and mail; an `application.promotion_skipped` audit record per ineligible applicant
    passed over; the seat is taken by the move. Returns the promoted application or None.
    """
    today = today or date.today()
    call = program.call
    if not is_released(call) or program.state == ProgramState.CANCELLED:
        return None
    db.session.refresh(program, ["seats_held"])
    if seats_left(program) <= 0:
        return None
    for application in db.session.scalars(waiting_query(program.id)).all():
        reasons = ineligibility(application, program, today)
        if reasons:
            audit.record(
                "application.promotion_skipped", application, actor=actor,
                after={"program_id": program.id}, note="; ".join(reasons),
            )  # fmt: skip
            continue
        try:
            with db.session.begin_nested():
                application.outcome_program_id = program.id
                application.offer_deadline = today + timedelta(days=call.offer_days)
                change_application_state(
                    application, S.OFFERED, actor=actor, deadline=application.offer_deadline,
                    note=str(_l("A place at %(program)s was freed and offered to you from "
                                "the waiting list.", program=program.title)),
                )  # fmt: skip
        except SeatsFull:
            # Someone took the seat at the same moment: nothing to promote.
            return None
        return application
    return None


@freed.connect
def _promote_on_freed_seat(application, *, program_id, actor, **_) -> None:
    program = db.session.get(Program, program_id)
    if program is not None and program.call_id is not None:
        promote_next(program, actor=None)
