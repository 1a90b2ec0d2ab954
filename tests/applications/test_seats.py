"""The seat count: conditional updates, the CHECK, and the receiver that follows every move."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from exchange.applications.seats import SeatsFull, free_seat, hold_seat
from exchange.applications.services import withdraw_application
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state, move
from exchange.extensions import db
from exchange.programs.models import Program
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held

S = ApplicationState


def test_hold_seat_counts_up_to_the_seats_then_refuses_with_a_plain_message():
    _, (program,) = call_with_programs((2,))
    hold_seat(program.id)
    hold_seat(program.id)
    with pytest.raises(SeatsFull) as refused:
        hold_seat(program.id)
    assert str(refused.value).startswith(f"All 2 seats of {program.title} are taken")
    db.session.commit()
    assert held(program) == 2


def test_free_seat_gives_one_back():
    _, (program,) = call_with_programs((2,))
    hold_seat(program.id)
    free_seat(program.id)
    db.session.commit()
    assert held(program) == 0


def test_database_refuses_more_held_than_seats_whatever_the_code_does():
    _, (program,) = call_with_programs((1,))
    with pytest.raises(IntegrityError):
        db.session.execute(update(Program).where(Program.id == program.id).values(seats_held=2))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE programs SET seats_held = -1 WHERE id = :id"),
                           {"id": program.id})  # fmt: skip
    db.session.rollback()


def test_lowering_seats_below_the_held_count_is_refused_by_the_database():
    _, (program,) = call_with_programs((3,))
    hold_seat(program.id)
    hold_seat(program.id)
    db.session.commit()
    program.seats = 1
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_moving_into_a_holding_state_takes_a_seat_and_leaving_frees_it():
    call, (program,) = call_with_programs((1,))
    coordinator = f.coordinator()
    application = f.application(call=call, state=S.UNDER_REVIEW, outcome_program_id=program.id)
    move(application, S.SELECTED, actor=coordinator)
    db.session.commit()
    assert held(program) == 1
    move(application, S.WAITLISTED, actor=coordinator)
    db.session.commit()
    assert held(program) == 0


def test_a_move_into_a_full_program_is_refused():
    call, (program,) = call_with_programs((1,))
    decided(program, S.SELECTED)
    other = f.application(call=call, state=S.UNDER_REVIEW, outcome_program_id=program.id)
    with pytest.raises(SeatsFull):
        move(other, S.SELECTED, actor=f.coordinator())
    db.session.rollback()
    assert held(program) == 1


def test_an_explicit_hold_beside_the_move_is_counted_once_in_either_order():
    call, (program,) = call_with_programs((3,))
    coordinator = f.coordinator()
    first = f.application(call=call, state=S.UNDER_REVIEW, outcome_program_id=program.id)
    second = f.application(call=call, state=S.UNDER_REVIEW, outcome_program_id=program.id)
    hold_seat(program.id)
    move(first, S.SELECTED, actor=coordinator)
    move(second, S.SELECTED, actor=coordinator)
    hold_seat(program.id)
    db.session.commit()
    assert held(program) == 2
    free_seat(program.id)
    move(first, S.NOT_SELECTED, actor=coordinator)
    db.session.commit()
    assert held(program) == 1


def test_withdrawing_a_held_place_frees_the_seat():
    _, (program,) = call_with_programs((2,))
    application = decided(program, S.ACCEPTED)
    assert held(program) == 1
    withdraw_application(application, actor=application.student, reason="Staying home")
    db.session.commit()
    assert held(program) == 0


@pytest.mark.parametrize("target", [S.CANCELLED, S.EXPIRED, S.DECLINED])
def test_leaving_an_offer_frees_the_seat(target):
    _, (program,) = call_with_programs((2,))
    application = decided(program, S.OFFERED)
    change_application_state(application, target, actor=f.coordinator())
    db.session.commit()
    assert held(program) == 0


def test_moves_between_holding_states_keep_the_count():
    _, (program,) = call_with_programs((1,))
    application = decided(program, S.SELECTED)
    coordinator = f.coordinator()
    for target in (S.OFFERED, S.ACCEPTED, S.PLACED):
        change_application_state(application, target, actor=coordinator)
    db.session.commit()
    assert held(program) == 1


def test_a_holding_state_needs_a_program():
    application = f.application(state=S.UNDER_REVIEW)
    with pytest.raises(ValueError, match="must name its program"):
        move(application, S.SELECTED, actor=f.coordinator())
    db.session.rollback()
