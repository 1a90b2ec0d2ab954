"""Accepting, declining and placing offers: the rules, the seat, the audit and the notices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.applications.states import ApplicationState
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.placements.errors import PlacementError
from exchange.placements.offers import accept_offer, decline_offer, place_application
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held

S = ApplicationState


def _audit(application, action):
    return db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.object_id == application.id, AuditEvent.action == action
        )  # fmt: skip
    ).all()


def _notices(user):
    return db.session.scalars(select(Notice).where(Notice.recipient_id == user.id)).all()


def test_accept_keeps_the_seat_audits_and_tells_student_and_office():
    _, (program,) = call_with_programs((2,), released=True)
    coordinator = f.coordinator()
    application = decided(program, S.OFFERED)
    accept_offer(application, actor=application.student)
    db.session.commit()
    assert application.state == S.ACCEPTED
    assert held(program) == 1
    assert len(_audit(application, "application.accepted")) == 1
    assert [n.kind for n in _notices(application.student)] == ["application.state"]
    assert [n.kind for n in _notices(coordinator)] == ["placement.accepted"]


def test_accept_after_the_deadline_is_refused():
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED, deadline=date.today() - timedelta(days=1))
    with pytest.raises(PlacementError, match="deadline to answer this offer was"):
        accept_offer(application, actor=application.student)
    db.session.rollback()
    assert application.state == S.OFFERED


def test_accept_on_the_deadline_day_is_allowed():
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED, deadline=date.today())
    accept_offer(application, actor=application.student)
    assert application.state == S.ACCEPTED


def test_accept_before_the_release_is_refused():
    _, (program,) = call_with_programs((2,))
    application = decided(program, S.OFFERED)
    with pytest.raises(PlacementError, match="no open offer"):
        accept_offer(application, actor=application.student)


def test_decline_frees_the_seat_with_the_reason_as_note(mailbox):
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED)
    decline_offer(application, actor=application.student, reason="  Got a scholarship  ")
    db.session.commit()
    assert application.state == S.DECLINED
    assert held(program) == 0
    (event,) = _audit(application, "application.declined")
    assert event.note == "Got a scholarship"
    assert event.actor_id == application.student_id


def test_decline_twice_is_refused():
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED)
    decline_offer(application, actor=application.student)
    with pytest.raises(PlacementError, match="no open offer"):
        decline_offer(application, actor=application.student)


def test_decline_reason_too_long_is_refused_beside_the_field():
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED)
    with pytest.raises(PlacementError) as refused:
        decline_offer(application, actor=application.student, reason="x" * 2001)
    assert refused.value.field == "reason"


def test_place_confirms_an_accepted_offer_and_notifies():
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.ACCEPTED)
    coordinator = f.coordinator()
    place_application(application, actor=coordinator)
    db.session.commit()
    assert application.state == S.PLACED
    assert held(program) == 1
    assert _audit(application, "application.placed")[0].actor_id == coordinator.id
    assert [n.kind for n in _notices(application.student)] == ["application.state"]


def test_place_refuses_an_offer_not_accepted():
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED)
    with pytest.raises(PlacementError, match="Only an accepted offer"):
        place_application(application, actor=f.coordinator())
