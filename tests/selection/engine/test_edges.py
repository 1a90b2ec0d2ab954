"""Edge cases: empty inputs, no choices, no seats, progress reports, ordinal words."""

from __future__ import annotations

import pytest

from exchange.selection.engine import Applicant, Mechanism, ProgramSeats, allocate, ordinal
from tests.selection.engine import example as ex

ALL = frozenset({1, 2})
PROGRAMS = [ProgramSeats(1, 1), ProgramSeats(2, 1)]


def run(applicants, programs=PROGRAMS, **options):
    options = {"mechanism": Mechanism.SERIAL_DICTATORSHIP, "seed": 0, **options}
    return allocate(applicants, programs, **options)


def test_no_applicants_gives_an_empty_result():
    result = run([])

    assert result.order == ()
    assert result.placements == {}
    assert result.waitlists == {1: (), 2: ()}
    assert result.stats.first_choice_rate == 0.0


def test_an_applicant_without_choices_is_told_so():
    result = run([Applicant(7, 50.0, (), ALL)])

    assert result.placements == {7: None}
    assert result.explanations[7].text() == (
        "You ranked 1st of 1 (score 50.00). You listed no choices, so you could not be placed."
    )


def test_a_program_without_seats_is_explained_and_has_no_waitlist():
    result = run([Applicant(7, 50.0, (1, 2), ALL)], [ProgramSeats(1, 0), ProgramSeats(2, 0)])

    assert result.waitlists == {1: (), 2: ()}
    assert result.explanations[7].text({1: "Oxford"}) == (
        "You ranked 1st of 1 (score 50.00). Your 1st choice, Oxford, has no seats in this round. "
        "Your 2nd choice, program 2, has no seats in this round. "
        "You were not placed in any of your choices. You are not on any waitlist."
    )


@pytest.mark.parametrize("mechanism", list(Mechanism))
def test_progress_rises_a_bounded_number_of_times_and_ends_at_one(mechanism):
    applicants = [
        Applicant(i, float(i % 97), (i % 7, (i + 1) % 7), frozenset(range(7))) for i in range(5000)
    ]
    programs = [ProgramSeats(p, 300) for p in range(7)]
    seen: list[float] = []

    allocate(applicants, programs, mechanism=mechanism, seed=3, progress=seen.append)

    assert seen[-1] == 1.0
    assert seen.count(1.0) == 1
    assert seen == sorted(seen)
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert 10 <= len(seen) <= 110


def test_ordinals_cover_the_teens():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th",
        "21st", "22nd", "23rd", "101st", "111th", "112th",
    ]  # fmt: skip


def test_a_small_run_reports_only_its_phases_and_the_end():
    seen: list[float] = []

    allocate(
        ex.applicants(), ex.programs(), mechanism=Mechanism.LOTTERY, seed=1, progress=seen.append
    )

    assert seen == [0.0, 0.1, 0.6, 1.0]
