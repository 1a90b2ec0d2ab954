"""The one entry point: validate, order, match, explain."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exchange.selection.engine import explain
from exchange.selection.engine.deferred import deferred_acceptance
from exchange.selection.engine.model import (
    Applicant,
    Mechanism,
    ProgramSeats,
    Result,
    TieRule,
)
from exchange.selection.engine.order import program_positions, rank_order
from exchange.selection.engine.progress import Progress
from exchange.selection.engine.serial import serial_dictatorship
from exchange.selection.engine.validate import check_applicants, check_options, check_programs


def allocate(
    applicants: Sequence[Applicant],
    programs: Sequence[ProgramSeats],
    *,
    mechanism: Mechanism,
    seed: int,
    tie_rule: TieRule = TieRule.LOTTERY,
    progress: Callable[[float], None] | None = None,
) -> Result:
    """Allocate seats and explain every outcome; the same inputs and seed give the same Result.

    An applicant is placed only at a program they listed and are eligible for, and no program
    gets more than its seats. Program priorities are used by DEFERRED_ACCEPTANCE only; the other
    mechanisms rank every program by the common order. The tie rule orders equal scores; it
    has nothing to do under LOTTERY, where every position is drawn. Raises EngineError for bad
    input.
    `progress`, if given, receives a rising fraction at most ~100 times, ending with 1.0.
    """
    mechanism, tie_rule = check_options(mechanism, seed, tie_rule)
    tracker = Progress(progress)
    tracker.phase(0.0, 0.05)
    programs_by_id = check_programs(programs)
    applicants_by_id = check_applicants(applicants, programs_by_id)

    order = rank_order(applicants_by_id, mechanism=mechanism, seed=seed, tie_rule=tie_rule)
    rank_index = {aid: i for i, aid in enumerate(order)}
    positions = program_positions(
        programs_by_id,
        applicants_by_id,
        rank_index,
        use_priority=mechanism is Mechanism.DEFERRED_ACCEPTANCE,
    )

    tracker.phase(0.1, 0.6)
    if mechanism is Mechanism.DEFERRED_ACCEPTANCE:
        placements = deferred_acceptance(
            order, applicants_by_id, programs_by_id, positions, rank_index, tracker
        )
    else:
        placements = serial_dictatorship(order, applicants_by_id, programs_by_id, tracker)

    tracker.phase(0.6, 1.0)
    lists = explain.waitlists(order, applicants_by_id, programs_by_id, placements, positions)
    reasons = explain.explanations(
        order,
        applicants_by_id,
        programs_by_id,
        placements,
        lists,
        positions,
        mechanism=mechanism,
        tie_rule=tie_rule,
        progress=tracker,
    )
    result = Result(
        mechanism=mechanism,
        seed=seed,
        tie_rule=tie_rule,
        order=tuple(order),
        placements=placements,
        waitlists=lists,
        explanations=reasons,
        stats=explain.stats(applicants_by_id, placements),
    )
    tracker.finish()
    return result
