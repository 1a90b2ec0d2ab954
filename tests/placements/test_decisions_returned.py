"""A placement the partner rejected: the coordinator offers another destination (issue 6).

placed -> offered moves the seat exactly once (the new program's taken first, the old one
freed), cancels the rejected nomination, audits, and tells the student the new deadline.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.applications.seats import SeatsFull
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.placements import policy
from exchange.placements.decisions import decide_application
from exchange.placements.errors import PlacementError
from exchange.placements.nominations.models import Nomination, NominationStatus, PartnerAnswer
from exchange.placements.nominations.services import change_nomination_status, record_partner_answer
from tests import factories as f
from tests.placements.nomination_helpers import nominated, placed
from tests.placements.offer_helpers import call_with_programs, decided, held

S = ApplicationState


def rejected(program, *, cancel=False):
    """A placement at `program` whose nomination the partner rejected (committed)."""
    nomination = nominated(placed(program))
    coordinator = f.coordinator()
    record_partner_answer(nomination, actor=coordinator, answer="rejected",
                          answered_on=date.today(), reason="No places in Law.")  # fmt: skip
    if cancel:
        change_nomination_status(nomination, "cancelled", actor=coordinator, note="Rejected.")
    db.session.commit()
    return nomination.application, nomination


def _offer(application, program, reason="Partner full; Lyon instead."):
    return decide_application(application, decision="offer", program=program, reason=reason,
                              actor=f.coordinator())  # fmt: skip


def test_another_destination_moves_the_seat_once_and_a_decline_frees_it():
    _, (first, second) = call_with_programs((2, 2), released=True, offer_days=5)
    decided(second, S.PLACED)  # someone else holds one seat of the new program
    application, nomination = rejected(first)
    assert (held(first), held(second)) == (1, 1)
    application = db.session.get(type(application), application.id)
    _offer(application, second)
    db.session.commit()
    assert application.state == S.OFFERED
    assert application.outcome_program_id == second.id
    assert application.offer_deadline == date.today() + timedelta(days=5)
    assert (held(first), held(second)) == (0, 2)
    application = db.session.get(type(application), application.id)
    change_application_state(application, S.DECLINED, actor=application.student)
    db.session.commit()
    assert (held(first), held(second)) == (0, 1)


def test_the_move_is_audited_the_nomination_cancelled_and_the_student_told():
    _, (first, second) = call_with_programs((1, 1), released=True, offer_days=5)
    application, nomination = rejected(first)
    coordinator = f.coordinator()
    application = db.session.get(type(application), application.id)
    decide_application(application, decision="offer", program=second, actor=coordinator,
                       reason="Partner full; Lyon instead.")  # fmt: skip
    db.session.commit()
    events = {e.action: e for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_id == application.id,
                                 AuditEvent.object_type == "applications"))}  # fmt: skip
    moved = events["application.offered"]
    assert (moved.before, moved.after, moved.note, moved.actor_id) == (
        {"state": "placed"},
        {"state": "offered"},
        "Partner full; Lyon instead.",
        coordinator.id,
    )
    destination = events["application.destination"]
    assert (destination.before, destination.after) == (
        {"outcome_program_id": first.id},
        {"outcome_program_id": second.id},
    )
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.CANCELLED
    cancelled = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "nominations", AuditEvent.object_id == nomination.id,
        AuditEvent.action == "nomination.cancelled"))  # fmt: skip
    assert "Lyon instead" in cancelled.note and cancelled.actor_id == coordinator.id
    notice = db.session.scalars(
        select(Notice).where(Notice.recipient_id == application.student_id)
        .order_by(Notice.id.desc())).first()  # fmt: skip
    deadline = (date.today() + timedelta(days=5)).isoformat()
    assert "Offered" in notice.title and deadline in notice.body
    assert f"you are offered {second.title} instead" in notice.body
    assert len(db.session.scalars(select(Notice).where(
        Notice.recipient_id == application.student_id,
        Notice.kind == "application.state")).all()) == 1  # fmt: skip


def test_after_the_move_the_student_can_be_placed_and_nominated_again():
    _, (first, second) = call_with_programs((1, 1), released=True)
    application, _ = rejected(first, cancel=True)
    application = db.session.get(type(application), application.id)
    _offer(application, second)
    change_application_state(application, S.ACCEPTED, actor=application.student)
    change_application_state(application, S.PLACED, actor=f.coordinator())
    db.session.commit()
    assert not policy.returned_by_partner(application)  # the rejection was for `first`
    again = nominated(application)
    assert again.program_id == second.id and again.partner_answer == PartnerAnswer.PENDING


def test_a_full_new_program_leaves_everything_as_it_was():
    _, (first, second) = call_with_programs((1, 1), released=True)
    decided(second, S.PLACED)
    application, nomination = rejected(first)
    application = db.session.get(type(application), application.id)
    with pytest.raises(SeatsFull):
        _offer(application, second)
    db.session.rollback()
    assert (held(first), held(second)) == (1, 1)
    assert db.session.get(type(application), application.id).state == S.PLACED
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.NOMINATION


def test_the_rejected_destination_itself_is_refused_and_a_placement_cannot_be_refused():
    _, (first,) = call_with_programs((2,), released=True)
    application, _ = rejected(first)
    application = db.session.get(type(application), application.id)
    with pytest.raises(PlacementError) as same:
        _offer(application, first)
    assert same.value.field == "program_id" and "rejected" in str(same.value)
    with pytest.raises(PlacementError, match="cannot be refused"):
        decide_application(application, decision="refuse", reason="x", actor=f.coordinator())
    db.session.rollback()
    assert held(first) == 1


@pytest.mark.parametrize("answer", [None, "pending", "accepted"])
def test_a_placement_not_rejected_by_the_partner_cannot_be_decided(answer):
    _, (first, second) = call_with_programs((1, 1), released=True)
    application = placed(first)
    if answer is not None:
        nomination = nominated(application)
        if answer == "accepted":
            record_partner_answer(nomination, actor=f.coordinator(), answer="accepted",
                                  answered_on=date.today())  # fmt: skip
            db.session.commit()
    application = db.session.get(type(application), application.id)
    assert not policy.can_decide(f.coordinator(), application)
    with pytest.raises(PlacementError, match="cannot be decided by hand"):
        _offer(application, second)
    db.session.rollback()
    assert (held(first), held(second)) == (1, 0)


def test_only_the_latest_nomination_counts():
    _, (first,) = call_with_programs((1,), released=True)
    application, old = rejected(first, cancel=True)
    assert policy.can_decide(f.coordinator(), application)
    nominated(application)  # nominated again to the same partner: pending now
    db.session.expire_all()
    application = db.session.get(type(application), application.id)
    assert not policy.returned_by_partner(application)
    assert db.session.get(Nomination, old.id).partner_answer == PartnerAnswer.REJECTED
