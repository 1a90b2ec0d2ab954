"""Nominations: every status move, the partner's answer, the rejection path, the rules."""

from datetime import date

import pytest

from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.extensions import db
from exchange.placements.nominations import services
from exchange.placements.nominations.models import (
    NominationError,
    NominationStatus,
    PartnerAnswer,
    nomination_workflow,
)
from exchange.placements.nominations.policy import can_change_status, can_nominate
from tests import factories as f
from tests.db_refusals import refused_by_database
from tests.placements.nomination_helpers import audit_actions, nominated, notices_of, placed
from tests.placements.offer_helpers import held

S, N, A = ApplicationState, NominationStatus, PartnerAnswer
ALLOWED = {(N.NOMINATION, N.LIVE), (N.NOMINATION, N.CANCELLED), (N.LIVE, N.RECOGNIZED),
           (N.LIVE, N.CANCELLED)}  # fmt: skip


@pytest.mark.parametrize("source", list(N))
@pytest.mark.parametrize("target", list(N))
def test_workflow_every_pair(source, target):
    assert nomination_workflow.allowed(source, target) is ((source, target) in ALLOWED)


def test_nominate_records_audits_and_tells_the_student():
    application = placed()
    nomination = nominated(application)
    program = application.outcome_program
    assert (nomination.status, nomination.partner_answer) == (N.NOMINATION, A.PENDING)
    assert nomination.partner_id == program.partnership.partner_id
    assert (nomination.academic_year, nomination.term) == (program.academic_year, program.term)
    assert audit_actions(nomination) == ["nomination.create"]
    assert notices_of(application.student) == ["nomination.changed"]


@pytest.mark.parametrize("state", [S.OFFERED, S.ACCEPTED, S.NOT_SELECTED])
def test_only_placed_students_are_nominated(state):
    from tests.placements.nomination_helpers import result

    application = result(f.program(call=f.call()), state)
    assert can_nominate(f.coordinator(), application) is False
    with pytest.raises(NominationError, match="Only a placed student"):
        nominated(application)


def test_nominated_once_until_cancelled_then_again():
    application = placed()
    coordinator = f.coordinator()
    first = nominated(application, coordinator)
    assert can_nominate(coordinator, application) is False
    with pytest.raises(NominationError, match="already nominated"):
        nominated(application, coordinator)
    db.session.rollback()
    services.change_nomination_status(first, N.CANCELLED, actor=coordinator, note="Dates moved.")
    db.session.commit()
    second = nominated(application, coordinator)
    assert second.id != first.id


def test_departure_must_follow_arrival():
    with pytest.raises(NominationError, match="after the arrival") as refused:
        nominated(placed(), planned_arrival=date(2026, 9, 1), planned_departure=date(2026, 9, 1))
    assert refused.value.field == "planned_departure"


def test_database_refuses_departure_before_arrival():
    nomination = nominated(placed())
    nomination.planned_departure = date(2026, 1, 1)
    refused_by_database()


def test_accepted_stays_nomination_until_the_mobility_starts():
    coordinator = f.coordinator()
    nomination = nominated(placed(), coordinator)
    services.record_partner_answer(nomination, actor=coordinator, answer="accepted",
                                   answered_on=date(2026, 5, 1))  # fmt: skip
    db.session.commit()
    assert (nomination.status, nomination.partner_answer) == (N.NOMINATION, A.ACCEPTED)
    with pytest.raises(NominationError, match="planned arrival"):
        services.change_nomination_status(nomination, N.LIVE, actor=coordinator,
                                          today=date(2026, 8, 31))  # fmt: skip
    services.change_nomination_status(nomination, N.LIVE, actor=coordinator,
                                      today=date(2026, 9, 1))  # fmt: skip
    services.change_nomination_status(nomination, N.RECOGNIZED, actor=coordinator)
    db.session.commit()
    assert audit_actions(nomination) == [
        "nomination.create", "nomination.partner_accepted", "nomination.live",
        "nomination.recognized",
    ]  # fmt: skip


def test_live_needs_the_partners_acceptance():
    coordinator = f.coordinator()
    nomination = nominated(placed(), coordinator)
    assert can_change_status(coordinator, nomination, N.LIVE) is False
    with pytest.raises(NominationError, match="accepted"):
        services.change_nomination_status(nomination, N.LIVE, actor=coordinator,
                                          today=date(2027, 1, 1))  # fmt: skip


def test_partner_answer_recorded_once():
    coordinator = f.coordinator()
    nomination = nominated(placed(), coordinator)
    services.record_partner_answer(nomination, actor=coordinator, answer="accepted",
                                   answered_on=date(2026, 5, 1))  # fmt: skip
    with pytest.raises(NominationError, match="already recorded"):
        services.record_partner_answer(nomination, actor=coordinator, answer="rejected",
                                       answered_on=date(2026, 5, 2), reason="No.")  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "answered_on", "reason", "field"),
    [
        ("maybe", date(2026, 5, 1), None, "answer"),
        ("pending", date(2026, 5, 1), None, "answer"),
        ("rejected", date(2026, 5, 1), "", "reason"),
        ("accepted", None, None, "answered_on"),
        ("accepted", date(2999, 1, 1), None, "answered_on"),
    ],
)
def test_partner_answer_errors_name_their_field(answer, answered_on, reason, field):
    nomination = nominated(placed())
    with pytest.raises(NominationError) as refused:
        services.record_partner_answer(nomination, actor=f.coordinator(), answer=answer,
                                       answered_on=answered_on, reason=reason)  # fmt: skip
    assert refused.value.field == field


def test_rejection_returns_the_student_to_the_office(mailbox):
    coordinator = f.coordinator()
    application = placed()
    nomination = nominated(application, coordinator)
    services.record_partner_answer(
        nomination,
        actor=coordinator,
        answer="rejected",
        answered_on=date(2026, 5, 1),
        reason="No places in Law.",
    )
    db.session.commit()
    assert nomination.returned_to_office is True
    assert notices_of(coordinator)[-1] == "nomination.answered"
    assert notices_of(application.student)[-1] == "nomination.changed"
    program = application.outcome_program
    # The next step: cancel the nomination and the placement; the seat is freed.
    services.change_nomination_status(nomination, N.CANCELLED, actor=coordinator,
                                      note="Partner rejected.", end_placement=True)  # fmt: skip
    db.session.commit()
    assert nomination.status == N.CANCELLED
    assert application.state == S.CANCELLED
    assert held(program) == 0


def test_cancel_needs_a_reason():
    nomination = nominated(placed())
    with pytest.raises(NominationError) as refused:
        services.change_nomination_status(nomination, N.CANCELLED, actor=f.coordinator())
    assert refused.value.field == "note"


def test_withdrawn_application_cancels_its_nomination():
    application = placed()
    nomination = nominated(application)
    application.withdrawn_at = application.submitted_at
    from exchange.applications.transitions import move

    move(application, S.WITHDRAWN, actor=application.student)
    db.session.commit()
    assert nomination.status == N.CANCELLED
    assert audit_actions(nomination)[-1] == "nomination.cancelled"


def test_cancelled_application_cancels_its_nomination():
    application = placed()
    nomination = nominated(application)
    change_application_state(application, S.CANCELLED, actor=f.coordinator(), note="Visa.")
    db.session.commit()
    assert nomination.status == N.CANCELLED


def test_dates_change_is_audited_as_a_diff():
    coordinator = f.coordinator()
    nomination = nominated(placed(), coordinator)
    services.update_dates(nomination, actor=coordinator, planned_arrival=date(2026, 9, 15),
                          planned_departure=date(2027, 1, 31))  # fmt: skip
    db.session.commit()
    assert audit_actions(nomination)[-1] == "nomination.dates"
