"""Factories for the objection, nomination and dashboard tests: released calls, decided and
placed applications holding their seats, nominations made through the service."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from exchange.applications.states import ApplicationState
from exchange.extensions import db
from tests import factories as f
from tests.placements.offer_helpers import decided

S = ApplicationState


def released_on(day: date, *, objection_days: int = 5, seats=(2,), **kw):
    """A call whose results were released on `day`, with one program per entry of seats."""
    released = datetime.combine(day, time(9, 30), tzinfo=UTC)
    call = f.call(results_release_on=day, results_released_at=released,
                  objection_days=objection_days, **kw)  # fmt: skip
    return call, [f.program(call=call, seats=n) for n in seats]


def result(program, state=S.NOT_SELECTED, *, student=None, **kw):
    """An application with a released result for the program (holding a seat if it should)."""
    state = ApplicationState(state)
    if state in (S.NOT_SELECTED, S.WAITLISTED):
        application = f.application(student=student or f.student(), call=program.call,
                                    state=state, **kw)  # fmt: skip
        f.choice(application=application, program=program)
        return application
    return decided(program, state, student=student, **kw)


def placed(program=None, *, student=None, language="en", level="B2", **kw):
    """A placed application (seat held) with a language answer."""
    program = program or f.program(call=f.call())
    return decided(program, S.PLACED, student=student, language=language,
                   language_level=level, **kw)  # fmt: skip


def nominated(application, coordinator=None, **kw):
    """A nomination made through the service (committed)."""
    from exchange.placements.nominations.services import nominate

    defaults = dict(planned_arrival=date(2026, 9, 1), planned_departure=date(2027, 1, 31),
                    eqf_level="6", isced_code="0613")  # fmt: skip
    nomination = nominate(application, actor=coordinator or f.coordinator(), **(defaults | kw))
    db.session.commit()
    return nomination


def audit_actions(obj) -> list[str]:
    from sqlalchemy import select

    from exchange.audit import AuditEvent

    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == obj.__tablename__,
                                        AuditEvent.object_id == obj.id).order_by(AuditEvent.id)
    ))  # fmt: skip


def notices_of(user) -> list[str]:
    from sqlalchemy import select

    from exchange.notifications.notices import Notice

    return list(db.session.scalars(
        select(Notice.kind).where(Notice.recipient_id == user.id).order_by(Notice.id)
    ))  # fmt: skip
