"""Student-proposing deferred acceptance (Gale-Shapley) with per-program heaps.

Why this mechanism: when destinations rank applicants by their own criteria (a partner that
weighs the language test more, a department interview), serial dictatorship no longer fits.
Student-proposing deferred acceptance then gives the stable matching every applicant likes
best: nobody is refused by a program that holds someone it ranks lower or has a seat left
(no justified envy), and no applicant can gain by misreporting their order (strategy-proof for
applicants). With one common ranking its result equals serial dictatorship.

Each program keeps the applicants it tentatively holds in a max-heap keyed on its own order, so
the weakest held applicant is found in O(1) and replaced in O(log seats). Every applicant
proposes to each of their choices at most once, so the whole run costs
O(total choices x log seats).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

from exchange.selection.engine.model import Applicant, ProgramSeats
from exchange.selection.engine.progress import Progress


def deferred_acceptance(
    order: Sequence[int],
    applicants: Mapping[int, Applicant],
    programs: Mapping[int, ProgramSeats],
    positions: Mapping[int, dict[int, int] | None],
    rank_index: Mapping[int, int],
    progress: Progress,
) -> dict[int, int | None]:
    """Placements (applicant id -> program id or None); `positions` as in order.program_positions.

    The outcome does not depend on the order in which free applicants propose; they propose in
    rank order only so that a run is easy to follow when debugging.
    """
    seats = {pid: program.seats for pid, program in programs.items()}
    # Max-heaps of (-position, applicant id): the root is the weakest applicant held.
    held: dict[int, list[tuple[int, int]]] = {pid: [] for pid in programs}
    next_choice: dict[int, int] = dict.fromkeys(order, 0)
    free = list(reversed(order))  # a stack: pop() yields the best ranked free applicant
    total = sum(len(applicants[aid].choices) for aid in order)
    every = progress.every(total)
    proposals = 0

    while free:
        aid = free.pop()
        applicant = applicants[aid]
        choices = applicant.choices
        eligible = applicant.eligible
        i = next_choice[aid]
        while i < len(choices):
            pid = choices[i]
            i += 1
            proposals += 1
            if proposals % every == 0:
                progress.step(proposals, total)
            capacity = seats[pid]
            if capacity == 0 or pid not in eligible:
                continue
            own = positions[pid]
            pos = rank_index[aid] if own is None else own[aid]
            heap = held[pid]
            if len(heap) < capacity:
                heapq.heappush(heap, (-pos, aid))
                break
            if pos < -heap[0][0]:
                _, bumped = heapq.heapreplace(heap, (-pos, aid))
                free.append(bumped)
                break
        next_choice[aid] = i

    placements: dict[int, int | None] = dict.fromkeys(order)
    for pid, heap in held.items():
        for _, aid in heap:
            placements[aid] = pid
    return placements
