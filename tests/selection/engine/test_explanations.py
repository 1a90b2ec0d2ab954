"""Waitlists and explanations tell the truth about the placements they describe."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.selection.engine import Mechanism, TieRule, allocate
from tests.selection.engine.strategies import instances, placed_at, program_key

MECHANISMS = st.sampled_from(list(Mechanism))
TIE_RULES = st.sampled_from(list(TieRule))
SEEDS = st.integers(0, 2**32)


def _run(instance, mechanism, tie_rule, seed):
    applicants, programs = instance
    result = allocate(applicants, programs, mechanism=mechanism, seed=seed, tie_rule=tie_rule)
    uses_priority = mechanism is Mechanism.DEFERRED_ACCEPTANCE
    return applicants, {p.id: p for p in programs}, result, uses_priority


@settings(deadline=None, max_examples=80)
@given(instances(priorities=True), MECHANISMS, TIE_RULES, SEEDS)
def test_waitlists_hold_exactly_the_unplaced_eligible_listers_in_program_order(
    instance, mechanism, tie_rule, seed
):
    applicants, programs, result, uses_priority = _run(instance, mechanism, tie_rule, seed)

    assert set(result.waitlists) == set(programs)
    for pid, waitlist in result.waitlists.items():
        expected = {
            a.id
            for a in applicants
            if result.placements[a.id] is None
            and pid in a.choices
            and pid in a.eligible
            and programs[pid].seats > 0
        }
        assert set(waitlist) == expected
        assert len(waitlist) == len(expected)
        key = program_key(programs[pid], result, uses_priority)
        assert list(waitlist) == sorted(waitlist, key=key)
        for position, aid in enumerate(waitlist, 1):
            assert (pid, position) in result.explanations[aid].waitlisted_on


@settings(deadline=None, max_examples=80)
@given(instances(priorities=True), MECHANISMS, TIE_RULES, SEEDS)
def test_explanations_state_the_real_cutoff_of_every_full_choice(
    instance, mechanism, tie_rule, seed
):
    applicants, programs, result, uses_priority = _run(instance, mechanism, tie_rule, seed)
    rank = {aid: i + 1 for i, aid in enumerate(result.order)}
    by_id = {a.id: a for a in applicants}

    for applicant in applicants:
        e = result.explanations[applicant.id]
        got = result.placements[applicant.id]
        assert (e.applicant, e.rank, e.score, e.program) == (
            applicant.id,
            rank[applicant.id],
            applicant.score,
            got,
        )
        above = applicant.choices if got is None else applicant.choices[: e.choice - 1]
        assert got is None or applicant.choices[e.choice - 1] == got
        assert [p.program for p in e.passed_over] == list(above)
        for n, passed in enumerate(e.passed_over, 1):
            program = programs[passed.program]
            assert passed.choice == n
            if passed.program not in applicant.eligible:
                assert passed.reason == "not_eligible"
                continue
            if program.seats == 0:
                assert passed.reason == "no_seats"
                continue
            assert passed.reason == "full"
            holders = placed_at(result, passed.program)
            assert len(holders) == program.seats
            key = program_key(program, result, uses_priority)
            last = max(holders, key=key)
            assert passed.cutoff_rank == rank[last]
            if uses_priority and program.priority is not None:
                assert passed.own_priority
                assert passed.cutoff_score == program.priority.get(last)
                assert passed.your_score == program.priority.get(applicant.id)
            else:
                assert not passed.own_priority
                assert passed.cutoff_score == by_id[last].score
        assert e.text().startswith(("You ranked", "The lottery drew you"))
