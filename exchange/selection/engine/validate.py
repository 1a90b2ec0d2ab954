"""Check the inputs before allocating, so a bad row fails loudly instead of skewing a result."""

from __future__ import annotations

import math
from collections.abc import Sequence

from exchange.selection.engine.model import (
    Applicant,
    EngineError,
    Mechanism,
    ProgramSeats,
    TieRule,
)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number_problem(value: object) -> str | None:
    """Why `value` cannot be used as a score, or None. Decimals and strings are refused rather
    than converted: a stored run must replay from JSON to exactly the same floats."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"of type {type(value).__name__}; pass an int or float"
    if not math.isfinite(value):
        return f"that is not a finite number ({value!r})"
    return None


def check_options(mechanism: object, seed: object, tie_rule: object) -> tuple[Mechanism, TieRule]:
    """Coerce the run options, refusing an unknown mechanism or rule and a seed that is not >= 0.

    Negative seeds are refused because `random.Random` seeds from the absolute value: -5 and 5
    would silently give the same draw while looking like different recorded seeds.
    """
    try:
        mechanism = Mechanism(mechanism)
    except ValueError:
        choices = ", ".join(m.value for m in Mechanism)
        raise EngineError(f"Unknown mechanism {mechanism!r}; use one of {choices}.") from None
    try:
        tie_rule = TieRule(tie_rule)
    except ValueError:
        choices = ", ".join(t.value for t in TieRule)
        raise EngineError(f"Unknown tie rule {tie_rule!r}; use one of {choices}.") from None
    if not _is_whole(seed) or seed < 0:
        raise EngineError(f"The seed must be a whole number of zero or more, not {seed!r}.")
    return mechanism, tie_rule


def check_programs(programs: Sequence[ProgramSeats]) -> dict[int, ProgramSeats]:
    """Index programs by id, refusing duplicates, bad seat counts and non-finite priorities."""
    by_id: dict[int, ProgramSeats] = {}
    for program in programs:
        pid = program.id
        if not _is_whole(pid):
            raise EngineError(f"A program id must be a whole number, not {pid!r}.")
        if pid in by_id:
            raise EngineError(f"Program {pid} appears twice.")
        if not _is_whole(program.seats):
            raise EngineError(
                f"Program {pid} has {program.seats!r} seats; seats must be a whole number."
            )
        if program.seats < 0:
            raise EngineError(f"Program {pid} has {program.seats} seats; seats cannot be negative.")
        if program.priority is not None:
            for aid, value in program.priority.items():
                if not _is_whole(aid):
                    raise EngineError(
                        f"Program {pid} gives a priority to {aid!r}, which is not an applicant id."
                    )
                problem = _number_problem(value)
                if problem:
                    raise EngineError(f"Program {pid} gives applicant {aid} a priority {problem}.")
        by_id[pid] = program
    return by_id


def check_applicants(
    applicants: Sequence[Applicant], programs: dict[int, ProgramSeats]
) -> dict[int, Applicant]:
    """Index applicants by id, refusing duplicates, unknown or repeated choices, bad numbers."""
    by_id: dict[int, Applicant] = {}
    for applicant in applicants:
        aid = applicant.id
        if not _is_whole(aid):
            raise EngineError(f"An applicant id must be a whole number, not {aid!r}.")
        if aid in by_id:
            raise EngineError(f"Applicant {aid} appears twice.")
        problem = _number_problem(applicant.score)
        if problem:
            raise EngineError(f"Applicant {aid} has a score {problem}.")
        problem = _number_problem(applicant.submitted_at)
        if problem:
            raise EngineError(f"Applicant {aid} has a submission time {problem}.")
        seen: set[int] = set()
        for pid in applicant.choices:
            if pid not in programs:
                raise EngineError(
                    f"Applicant {aid} lists program {pid}, which is not among the programs "
                    "being allocated."
                )
            if pid in seen:
                raise EngineError(f"Applicant {aid} lists program {pid} more than once.")
            seen.add(pid)
        by_id[aid] = applicant
    return by_id
