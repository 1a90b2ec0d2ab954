"""Allocation properties that must hold for every input: capacity, eligibility, stability."""

from __future__ import annotations

import dataclasses
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.selection.engine import Mechanism, TieRule, allocate
from tests.selection.engine.strategies import instances, placed_at, program_key

MECHANISMS = st.sampled_from(list(Mechanism))
TIE_RULES = st.sampled_from(list(TieRule))
SEEDS = st.integers(0, 2**32)


@settings(deadline=None, max_examples=80)
@given(instances(priorities=True), MECHANISMS, TIE_RULES, SEEDS)
def test_no_program_over_its_seats(instance, mechanism, tie_rule, seed):
    applicants, programs = instance

    result = allocate(applicants, programs, mechanism=mechanism, seed=seed, tie_rule=tie_rule)

    counts = Counter(p for p in result.placements.values() if p is not None)
    for program in programs:
        assert counts[program.id] <= program.seats


@settings(deadline=None, max_examples=80)
@given(instances(priorities=True), MECHANISMS, TIE_RULES, SEEDS)
def test_placed_only_at_a_listed_eligible_choice(instance, mechanism, tie_rule, seed):
    applicants, programs = instance

    result = allocate(applicants, programs, mechanism=mechanism, seed=seed, tie_rule=tie_rule)

    assert set(result.placements) == {a.id for a in applicants}
    for applicant in applicants:
        pid = result.placements[applicant.id]
        if pid is not None:
            assert pid in applicant.choices
            assert pid in applicant.eligible


@settings(deadline=None, max_examples=80)
@given(instances(), TIE_RULES, SEEDS)
def test_deferred_acceptance_equals_serial_dictatorship_without_priorities(
    instance, tie_rule, seed
):
    applicants, programs = instance

    serial = allocate(
        applicants, programs, mechanism=Mechanism.SERIAL_DICTATORSHIP, seed=seed, tie_rule=tie_rule
    )
    deferred = allocate(
        applicants, programs, mechanism=Mechanism.DEFERRED_ACCEPTANCE, seed=seed, tie_rule=tie_rule
    )

    assert deferred.order == serial.order
    assert deferred.placements == serial.placements
    assert deferred.waitlists == serial.waitlists
    assert deferred.explanations == {
        aid: dataclasses.replace(e, mechanism=Mechanism.DEFERRED_ACCEPTANCE)
        for aid, e in serial.explanations.items()
    }


def assert_no_justified_envy(applicants, programs, result, use_priority):
    """Nobody is refused a preferred, eligible program that has a free seat or holds someone
    the program ranks below them."""
    by_id = {p.id: p for p in programs}
    for applicant in applicants:
        got = result.placements[applicant.id]
        choices = applicant.choices
        better = choices[: choices.index(got)] if got is not None else choices
        for pid in better:
            program = by_id[pid]
            if pid not in applicant.eligible or program.seats == 0:
                continue
            holders = placed_at(result, pid)
            assert len(holders) == program.seats, f"{pid} has a free seat {applicant.id} wanted"
            key = program_key(program, result, use_priority)
            assert all(key(h) < key(applicant.id) for h in holders), (
                f"{pid} holds someone it ranks below {applicant.id}"
            )


@settings(deadline=None, max_examples=120)
@given(instances(priorities=True, max_applicants=12, max_seats=2), TIE_RULES, SEEDS)
def test_deferred_acceptance_leaves_no_justified_envy(instance, tie_rule, seed):
    applicants, programs = instance

    result = allocate(
        applicants, programs, mechanism=Mechanism.DEFERRED_ACCEPTANCE, seed=seed, tie_rule=tie_rule
    )

    assert_no_justified_envy(applicants, programs, result, use_priority=True)


@settings(deadline=None, max_examples=60)
@given(
    instances(priorities=True),
    st.sampled_from([Mechanism.SERIAL_DICTATORSHIP, Mechanism.LOTTERY]),
    TIE_RULES,
    SEEDS,
)
def test_serial_mechanisms_leave_no_envy_in_their_order_and_ignore_priorities(
    instance, mechanism, tie_rule, seed
):
    applicants, programs = instance

    result = allocate(applicants, programs, mechanism=mechanism, seed=seed, tie_rule=tie_rule)

    assert_no_justified_envy(applicants, programs, result, use_priority=False)


@settings(deadline=None, max_examples=60)
@given(instances(), TIE_RULES, SEEDS)
def test_order_sorts_by_score_then_the_tie_rule(instance, tie_rule, seed):
    applicants, programs = instance
    by_id = {a.id: a for a in applicants}

    result = allocate(
        applicants, programs, mechanism=Mechanism.SERIAL_DICTATORSHIP, seed=seed, tie_rule=tie_rule
    )

    def key(aid):
        a = by_id[aid]
        return (-a.score, a.submitted_at) if tie_rule is TieRule.EARLIER_SUBMISSION else -a.score

    assert [key(aid) for aid in result.order] == sorted(key(a.id) for a in applicants)


@settings(deadline=None, max_examples=60)
@given(instances(priorities=True), MECHANISMS, SEEDS)
def test_stats_count_the_placements(instance, mechanism, seed):
    applicants, programs = instance

    result = allocate(applicants, programs, mechanism=mechanism, seed=seed)

    placed = [a for a in applicants if result.placements[a.id] is not None]
    first = [a for a in placed if result.placements[a.id] == a.choices[0]]
    assert result.stats.applicants == len(applicants)
    assert result.stats.placed == len(placed)
    assert result.stats.unplaced == len(applicants) - len(placed)
    assert result.stats.first_choice == len(first)
    expected_rate = len(first) / len(applicants) if applicants else 0.0
    assert result.stats.first_choice_rate == expected_rate
