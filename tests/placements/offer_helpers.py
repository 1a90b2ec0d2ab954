"""Factories for the placement tests: committed decisions with their seats, released calls."""

from __future__ import annotations

from datetime import date, timedelta

from exchange.applications.seats import take_seat
from exchange.applications.states import HOLDING_SEAT, ApplicationState
from exchange.db import utcnow
from exchange.extensions import db
from tests import factories as f

S = ApplicationState


def call_with_programs(seats=(3,), *, released: bool = False, **kw):
    """A call with one program per entry of `seats`; released now when `released`."""
    defaults = dict(results_release_on=date.today(), offer_days=7)
    if released:
        defaults["results_released_at"] = utcnow()
    call = f.call(**(defaults | kw))
    programs = [f.program(call=call, seats=n) for n in seats]
    return call, programs


def decided(program, state=S.OFFERED, *, student=None, deadline: date | None = None, **kw):
    """An application of the program's call in `state` for `program`, holding its seat when
    the state holds one (as a committed run or a release would have left it)."""
    state = ApplicationState(state)
    student = student or f.student()
    if state == S.OFFERED and deadline is None:
        deadline = date.today() + timedelta(days=7)
    application = f.application(
        student=student, call=program.call, state=state, outcome_program_id=program.id,
        offer_deadline=deadline, **kw,
    )  # fmt: skip
    f.choice(application=application, program=program)
    if state in HOLDING_SEAT:
        take_seat(program.id)
        db.session.commit()
    return application


def waitlisted(program, position: int, *, application=None, student=None, run=None):
    """A waitlisted application (new, or the one given) at `position` on the program's list."""
    from exchange.selection.models import WaitlistEntry

    if application is None:
        application = f.application(
            student=student or eligible_student(), call=program.call, state=S.WAITLISTED
        )
    f.choice(application=application, program=program)
    run = run or committed_run(program.call)
    db.session.add(WaitlistEntry(program_id=program.id, application_id=application.id,
                                 position=position, run_id=run.id))  # fmt: skip
    db.session.commit()
    return application


def eligible_student(**kw):
    """A student meeting the factory programs' requirements (bachelor, GPA 3.5, English B2)."""
    student = f.student(**kw)
    f.student_language(student, "en", "B2")
    return student


def held(program) -> int:
    db.session.expire_all()
    return db.session.get(type(program), program.id).seats_held


def committed_run(call):
    """The committed first-round allocation run of the call (the waiting lists name one)."""
    from sqlalchemy import select

    from exchange.selection.models import AllocationRun
    from exchange.selection.states import MechanismLabel, RunState, TieRuleLabel

    found = db.session.scalar(select(AllocationRun).where(
        AllocationRun.call_id == call.id, AllocationRun.state == RunState.COMMITTED))  # fmt: skip
    if found is not None:
        return found

    run = AllocationRun(
        call_id=call.id, round=1, mechanism=MechanismLabel.SERIAL_DICTATORSHIP,
        tie_rule=TieRuleLabel.LOTTERY, seed=1, state=RunState.COMMITTED, inputs={},
        fingerprint="0" * 64, result={}, placed=0, unplaced=0, first_choice_rate=0,
        progress=100, committed_at=utcnow(),
    )  # fmt: skip
    db.session.add(run)
    db.session.commit()
    return run
