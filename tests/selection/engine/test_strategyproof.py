"""No applicant gains by misreporting their order (serial dictatorship, deferred acceptance,
lottery), checked by trying every possible list in small cases.

An applicant's true preference is their submitted list; anything they did not list is worth
no more than being unplaced. A misreport may reorder, drop or add programs.
"""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.selection.engine import Applicant, Mechanism, ProgramSeats, allocate
from tests.selection.engine.strategies import instances


def all_lists(program_ids):
    """Every ordered list of distinct programs, from the empty list to all of them."""
    for size in range(len(program_ids) + 1):
        yield from itertools.permutations(program_ids, size)


def worth(true_choices, pid):
    """Lower is better: the index in the true list; unplaced or unlisted is worst."""
    return true_choices.index(pid) if pid in true_choices else len(true_choices)


def assert_no_profitable_misreport(applicants, programs, mechanism, seed):
    truthful = allocate(applicants, programs, mechanism=mechanism, seed=seed)
    program_ids = [p.id for p in programs]
    for i, liar in enumerate(applicants):
        honest = worth(liar.choices, truthful.placements[liar.id])
        for lie in all_lists(program_ids):
            reported = list(applicants)
            reported[i] = dataclasses.replace(liar, choices=lie)
            outcome = allocate(reported, programs, mechanism=mechanism, seed=seed)
            assert worth(liar.choices, outcome.placements[liar.id]) >= honest, (
                f"{liar.id} gains by listing {lie} instead of {liar.choices}"
            )


@settings(deadline=None, max_examples=60)
@given(
    instances(max_applicants=4, max_programs=3, max_seats=2, priorities=True),
    st.sampled_from(list(Mechanism)),
    st.integers(0, 1000),
)
def test_no_applicant_gains_by_misreporting(instance, mechanism, seed):
    applicants, programs = instance

    assert_no_profitable_misreport(applicants, programs, mechanism, seed)


def test_deferred_acceptance_is_strategy_proof_in_every_small_profile():
    # Exhaustive: 3 applicants, 2 one-seat programs that rank them in opposite orders, every
    # combination of the 5 possible lists (none, A, B, A>B, B>A) for each applicant.
    everyone = frozenset({1, 2})
    programs = [
        ProgramSeats(1, 1, {11: 3.0, 12: 2.0, 13: 1.0}),
        ProgramSeats(2, 1, {11: 1.0, 12: 2.0, 13: 3.0}),
    ]
    lists = list(all_lists([1, 2]))
    for profile in itertools.product(lists, repeat=3):
        applicants = [
            Applicant(aid, score, choices, everyone)
            for aid, score, choices in zip((11, 12, 13), (70.0, 80.0, 90.0), profile, strict=True)
        ]
        assert_no_profitable_misreport(applicants, programs, Mechanism.DEFERRED_ACCEPTANCE, 0)
