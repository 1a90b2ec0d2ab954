"""Serial dictatorship: in rank order, each applicant takes their first open, eligible choice.

Why this mechanism: it is what most international offices already do by hand, it is easy to
explain ("everyone above you had already taken the last seat"), and it is strategy-proof: when
your turn comes you simply get the best seat left among those you listed, so listing your true
order can never hurt you. One pass over every listed choice: linear in the size of the input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from exchange.selection.engine.model import Applicant, ProgramSeats
from exchange.selection.engine.progress import Progress


def serial_dictatorship(
    order: Sequence[int],
    applicants: Mapping[int, Applicant],
    programs: Mapping[int, ProgramSeats],
    progress: Progress,
) -> dict[int, int | None]:
    """Placements (applicant id -> program id or None) for the given processing order."""
    free = {pid: program.seats for pid, program in programs.items()}
    placements: dict[int, int | None] = {}
    total = len(order)
    every = progress.every(total)
    for done, aid in enumerate(order, 1):
        applicant = applicants[aid]
        eligible = applicant.eligible
        placed = None
        for pid in applicant.choices:
            if pid in eligible and free[pid] > 0:
                free[pid] -= 1
                placed = pid
                break
        placements[aid] = placed
        if done % every == 0:
            progress.step(done, total)
    return placements
