"""Who goes first: the common rank order and each program's own order.

Fairness of ties rests on two choices made here:
- the random draw comes from `random.Random(seed)` over the applicants sorted by id, so the
  order of the input list (which a database does not promise) cannot change who wins a tie,
  and the recorded seed replays the same draw;
- the draw is only consulted after the score (and, under EARLIER_SUBMISSION, the submission
  time), so a different seed can reorder tied applicants and nobody else.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from exchange.selection.engine.model import Applicant, Mechanism, ProgramSeats, TieRule


def rank_order(
    applicants: Mapping[int, Applicant], *, mechanism: Mechanism, seed: int, tie_rule: TieRule
) -> list[int]:
    """Applicant ids in processing order: by score with ties broken, or by lottery draw."""
    rng = random.Random(seed)
    # One draw per applicant, in id order: the draw an applicant gets never depends on the
    # order of the input list. Sorting plain tuples (no key function) keeps this fast.
    if mechanism is Mechanism.LOTTERY:
        # Scores play no part: the draw alone is a uniformly random permutation.
        keyed = [(rng.random(), aid) for aid in sorted(applicants)]
    elif tie_rule is TieRule.EARLIER_SUBMISSION:
        keyed = [
            (-a.score, a.submitted_at, rng.random(), aid) for aid, a in sorted(applicants.items())
        ]
    else:
        keyed = [(-a.score, rng.random(), aid) for aid, a in sorted(applicants.items())]
    keyed.sort()
    return [key[-1] for key in keyed]


def program_positions(
    programs: Mapping[int, ProgramSeats],
    applicants: Mapping[int, Applicant],
    rank_index: Mapping[int, int],
    *,
    use_priority: bool,
) -> dict[int, dict[int, int] | None]:
    """Per program, each candidate's position in the program's own order (lower is preferred).

    None means the program follows the common rank order, looked up in `rank_index`. A program
    with priorities orders the applicants who list it and are eligible by its own score, those
    it gives no score after the rest, and equal scores by the common order: the common order
    already carries the recorded tie rule, so one seed decides every tie in the run.
    """
    positions: dict[int, dict[int, int] | None] = dict.fromkeys(programs)
    if not use_priority:
        return positions
    candidates: dict[int, list[int]] = {
        pid: [] for pid, program in programs.items() if program.priority is not None
    }
    if not candidates:
        return positions
    for aid, applicant in applicants.items():
        for pid in applicant.choices:
            if pid in candidates and pid in applicant.eligible:
                candidates[pid].append(aid)
    for pid, ids in candidates.items():
        priority = programs[pid].priority or {}

        def key(aid: int, priority: Mapping[int, float] = priority) -> tuple:
            if aid in priority:
                return (0, -priority[aid], rank_index[aid])
            return (1, 0.0, rank_index[aid])

        ids.sort(key=key)
        positions[pid] = {aid: i for i, aid in enumerate(ids)}
    return positions


def position_of(
    positions: Mapping[int, dict[int, int] | None],
    rank_index: Mapping[int, int],
    pid: int,
    aid: int,
) -> int:
    """The applicant's position in program `pid`'s order (lower is preferred)."""
    own = positions[pid]
    return rank_index[aid] if own is None else own[aid]
