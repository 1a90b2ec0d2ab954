"""Deciding by hand: offer, refuse, another destination or period; always with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.applications.seats import SeatsFull
from exchange.applications.states import ApplicationState
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.placements.decisions import decide_application
from exchange.placements.errors import PlacementError
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held, waitlisted

S = ApplicationState


def _submitted(program, state=S.UNDER_REVIEW):
    application = f.application(call=program.call, state=state)
    f.choice(application=application, program=program)
    return application


def test_offer_before_release_selects_with_the_reason_audited():
    _, (program,) = call_with_programs((2,))
    application = _submitted(program)
    coordinator = f.coordinator()
    decide_application(
        application, decision="offer", program=program, reason="Strong record", actor=coordinator
    )
    db.session.commit()
    assert application.state == S.SELECTED
    assert application.outcome_program_id == program.id
    assert held(program) == 1
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.object_id == application.id, AuditEvent.action == "application.selected"
        )
    )
    assert (event.note, event.actor_id) == ("Strong record", coordinator.id)


def test_offer_after_release_sends_an_offer_with_a_deadline():
    call, (program,) = call_with_programs((2,), released=True, offer_days=4)
    application = _submitted(program)
    decide_application(
        application, decision="offer", program=program, reason="Late review", actor=f.coordinator()
    )
    db.session.commit()
    assert application.state == S.OFFERED
    assert application.offer_deadline == date.today() + timedelta(days=4)


def test_a_reason_is_required():
    _, (program,) = call_with_programs((2,))
    application = _submitted(program)
    with pytest.raises(PlacementError) as refused:
        decide_application(application, decision="refuse", reason="  ", actor=f.coordinator())
    assert refused.value.field == "reason"


def test_offer_into_a_full_program_is_refused():
    _, (program,) = call_with_programs((1,))
    decided(program, S.SELECTED)
    application = _submitted(program)
    with pytest.raises(SeatsFull):
        decide_application(
            application, decision="offer", program=program, reason="Try", actor=f.coordinator()
        )
    db.session.rollback()
    assert held(program) == 1


def test_another_destination_moves_the_seat_and_promotes_the_old_list():
    call, (first, second) = call_with_programs((1, 1), released=True)
    offer = decided(first, S.OFFERED)
    nxt = waitlisted(first, 1)
    decide_application(
        offer,
        decision="offer",
        program=second,
        reason="Swap to the partner with the course",
        actor=f.coordinator(),
    )
    db.session.commit()
    assert offer.state == S.OFFERED and offer.outcome_program_id == second.id
    assert (held(first), held(second)) == (1, 1)
    assert nxt.state == S.OFFERED and nxt.outcome_program_id == first.id


def test_another_period_of_the_same_agreement_may_be_offered():
    _, (program,) = call_with_programs((1,))
    later_call = f.call(academic_year=program.academic_year)
    later = f.program(partnership=program.partnership, call=later_call, term="2", seats=1)
    application = _submitted(program)
    decide_application(
        application, decision="offer", program=later, reason="Second term", actor=f.coordinator()
    )
    db.session.commit()
    assert application.outcome_program_id == later.id
    assert held(later) == 1


def test_a_program_of_an_unrelated_agreement_is_refused():
    _, (program,) = call_with_programs((1,))
    stranger = f.program(seats=1)
    application = _submitted(program)
    with pytest.raises(PlacementError) as refused:
        decide_application(
            application, decision="offer", program=stranger, reason="No", actor=f.coordinator()
        )
    assert refused.value.field == "program_id"


def test_refusing_a_selection_frees_its_seat():
    _, (program,) = call_with_programs((1,))
    application = decided(program, S.SELECTED)
    decide_application(
        application, decision="refuse", reason="Missing transcript", actor=f.coordinator()
    )
    db.session.commit()
    assert application.state == S.NOT_SELECTED
    assert held(program) == 0


def test_an_offer_cannot_be_refused():
    _, (program,) = call_with_programs((1,), released=True)
    application = decided(program, S.OFFERED)
    with pytest.raises(PlacementError, match="cancel the application"):
        decide_application(application, decision="refuse", reason="x", actor=f.coordinator())


# --- The view -----------------------------------------------------------------------------


def test_decide_page_without_reason_shows_the_error_beside_the_field(login_as):
    _, (program,) = call_with_programs((2,))
    application = _submitted(program)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/applications/{application.id}/decide",
        data={"decision": "offer", "program_id": program.id, "reason": ""},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-error"' in body and "Write the reason" in body
    assert db.session.get(type(application), application.id).state == S.UNDER_REVIEW


def test_decide_page_full_program_answers_409_with_the_message(login_as):
    _, (program,) = call_with_programs((1,))
    decided(program, S.SELECTED)
    application = _submitted(program)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/applications/{application.id}/decide",
        data={"decision": "offer", "program_id": program.id, "reason": "x"},
    )
    assert response.status_code == 409
    assert f"All 1 seats of {program.title} are taken" in response.get_data(as_text=True)


def test_decide_page_records_and_redirects(login_as):
    _, (program,) = call_with_programs((2,))
    application = _submitted(program)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/applications/{application.id}/decide",
        data={"decision": "refuse", "reason": "Incomplete file"},
    )
    assert response.status_code == 302
    assert db.session.get(type(application), application.id).state == S.NOT_SELECTED


def test_lowering_seats_below_the_held_count_says_so_beside_the_field():
    from exchange.programs.services import ProgramError, update_program

    _, (program,) = call_with_programs((3,))
    decided(program, S.SELECTED)
    decided(program, S.SELECTED)
    with pytest.raises(ProgramError) as refused:
        update_program(program, actor=f.coordinator(), seats=1)
    assert refused.value.field == "seats"
    assert "2 seats are already held" in str(refused.value)
