"""Waitlist promotion: on decline, expiry and withdrawal; in list order; eligibility checked."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from exchange.applications.services import withdraw_application
from exchange.applications.states import ApplicationState
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.placements.expiry import expire_offers
from exchange.placements.offers import decline_offer
from exchange.placements.promotion import positions
from exchange.transactions import commit
from tests import factories as f
from tests.placements.offer_helpers import (
    call_with_programs,
    decided,
    eligible_student,
    held,
    waitlisted,
)

S = ApplicationState


def _full_program(released=True, seats=1):
    call, (program,) = call_with_programs((seats,), released=released, offer_days=5)
    offers = [decided(program, S.OFFERED) for _ in range(seats)]
    return call, program, offers


def test_decline_offers_the_seat_to_the_first_on_the_list(mailbox):
    _, program, (offer,) = _full_program()
    second = waitlisted(program, 2)
    first = waitlisted(program, 1)
    decline_offer(offer, actor=offer.student)
    commit()
    assert first.state == S.OFFERED
    assert first.outcome_program_id == program.id
    assert first.offer_deadline == date.today() + timedelta(days=5)
    assert second.state == S.WAITLISTED
    assert held(program) == 1
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.object_id == first.id, AuditEvent.action == "application.offered"
        )
    )
    assert "waiting list" in event.note
    assert len(mailbox.to(first.student.email)) == 1


def test_expiry_promotes_the_next():
    _, program, (offer,) = _full_program()
    offer.offer_deadline = date.today() - timedelta(days=1)
    db.session.commit()
    nxt = waitlisted(program, 1)
    assert expire_offers() == 1
    db.session.commit()
    assert offer.state == S.EXPIRED
    assert nxt.state == S.OFFERED
    assert held(program) == 1


def test_withdrawal_of_a_placement_promotes_the_next():
    _, (program,) = call_with_programs((1,), released=True)
    placed = decided(program, S.PLACED)
    nxt = waitlisted(program, 1)
    withdraw_application(placed, actor=placed.student, reason="Moving abroad")
    db.session.commit()
    assert nxt.state == S.OFFERED
    assert held(program) == 1


def test_cancellation_promotes_the_next():
    from exchange.applications.transitions import change_application_state

    _, program, (offer,) = _full_program()
    nxt = waitlisted(program, 1)
    change_application_state(offer, S.CANCELLED, actor=f.coordinator(), note="Duplicate")
    db.session.commit()
    assert nxt.state == S.OFFERED


def test_an_ineligible_applicant_is_skipped_with_an_audit_note():
    _, program, (offer,) = _full_program()
    program.min_gpa = Decimal("3.00")
    db.session.commit()
    weak = waitlisted(program, 1, student=eligible_student(gpa=Decimal("2.10")))
    strong = waitlisted(program, 2)
    decline_offer(offer, actor=offer.student)
    db.session.commit()
    assert weak.state == S.WAITLISTED
    assert strong.state == S.OFFERED
    skipped = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.object_id == weak.id, AuditEvent.action == "application.promotion_skipped"
        )
    )
    assert "GPA" in skipped.note


def test_nobody_is_promoted_before_the_release():
    _, program, (offer,) = _full_program(released=False)
    nxt = waitlisted(program, 1)
    from exchange.applications.transitions import change_application_state

    change_application_state(offer, S.CANCELLED, actor=f.coordinator())
    db.session.commit()
    assert nxt.state == S.WAITLISTED
    assert held(program) == 0


def test_an_applicant_no_longer_waitlisted_is_passed_over():
    _, program, (offer,) = _full_program()
    gone = waitlisted(program, 1)
    withdraw_application(gone, actor=gone.student)
    nxt = waitlisted(program, 2)
    decline_offer(offer, actor=offer.student)
    db.session.commit()
    assert nxt.state == S.OFFERED


def test_empty_waitlist_leaves_the_seat_free():
    _, program, (offer,) = _full_program()
    decline_offer(offer, actor=offer.student)
    db.session.commit()
    assert held(program) == 0


def test_positions_count_only_those_still_waiting_ahead():
    _, program, _ = _full_program()
    a = waitlisted(program, 1)
    b = waitlisted(program, 2)
    c = waitlisted(program, 3)
    assert positions(c) == [(program, 3)]
    withdraw_application(a, actor=a.student)
    db.session.commit()
    assert positions(c) == [(program, 2)]
    assert positions(b) == [(program, 1)]
