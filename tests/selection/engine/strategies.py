"""Hypothesis strategies and independent oracles for the engine's properties.

The oracles re-state the rules from the contract (a program's order, who is full) without
reusing the engine's code, so a property failure points at the engine and not at a shared bug.
"""

from __future__ import annotations

from hypothesis import strategies as st

from exchange.selection.engine import Applicant, ProgramSeats, Result

# Few distinct values on purpose: ties in score and submission time are where bugs hide.
SCORES = st.sampled_from([50.0, 60.0, 72.5, 72.5, 80.0, 95.25])
PRIORITIES = st.sampled_from([1.0, 2.0, 3.0, 4.5])
TIMES = st.sampled_from([0.0, 1_700_000_000.0, 1_700_000_060.5])


@st.composite
def instances(draw, *, max_applicants=10, max_programs=5, max_seats=3, priorities=False):
    """(applicants, programs): unique ids, choices a sublist of the programs, any eligibility."""
    program_ids = draw(st.lists(st.integers(1, 40), min_size=1, max_size=max_programs, unique=True))
    applicant_ids = draw(
        st.lists(st.integers(100, 400), min_size=0, max_size=max_applicants, unique=True)
    )
    applicants = []
    for aid in applicant_ids:
        choices = tuple(draw(st.lists(st.sampled_from(program_ids), unique=True)))
        eligible = frozenset(draw(st.lists(st.sampled_from(program_ids), unique=True)))
        applicants.append(Applicant(aid, draw(SCORES), choices, eligible, draw(TIMES)))
    programs = []
    for pid in program_ids:
        priority = None
        if priorities and applicant_ids and draw(st.booleans()):
            # Some applicants may be left out: they rank below everyone the program scored.
            priority = draw(st.dictionaries(st.sampled_from(applicant_ids), PRIORITIES))
        programs.append(ProgramSeats(pid, draw(st.integers(0, max_seats)), priority))
    return applicants, programs


def program_key(program: ProgramSeats, result: Result, use_priority: bool):
    """The program's order as a key function: lower is preferred."""
    rank = {aid: i for i, aid in enumerate(result.order)}
    if not use_priority or program.priority is None:
        return lambda aid: (0, 0.0, rank[aid])
    prio = program.priority
    return lambda aid: (0, -prio[aid], rank[aid]) if aid in prio else (1, 0.0, rank[aid])


def placed_at(result: Result, pid: int) -> list[int]:
    return [aid for aid, p in result.placements.items() if p == pid]
