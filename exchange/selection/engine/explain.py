"""Turn placements into what people need to see: waitlists, per-applicant reasons, numbers.

The explanation is computed from the final placements only, which is sound for every mechanism
here: a program an applicant preferred, was eligible for and that had seats, must have been
full of people it ranks higher (serial dictatorship processes in order and never frees a seat;
deferred acceptance is stable). So "the last person placed there" is the weakest placed
applicant in that program's own order, and comparing against it is a fact anyone can check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from exchange.selection.engine.model import (
    Applicant,
    Explanation,
    Mechanism,
    PassedOver,
    ProgramSeats,
    Stats,
    TieRule,
)
from exchange.selection.engine.order import position_of
from exchange.selection.engine.progress import Progress

FULL = "full"
NOT_ELIGIBLE = "not_eligible"
NO_SEATS = "no_seats"


def waitlists(
    order: Sequence[int],
    applicants: Mapping[int, Applicant],
    programs: Mapping[int, ProgramSeats],
    placements: Mapping[int, int | None],
    positions: Mapping[int, dict[int, int] | None],
) -> dict[int, tuple[int, ...]]:
    """Per program, the unplaced applicants who listed it and are eligible, in its own order.

    Placed applicants are left off: a placed applicant who wants a higher choice is not
    promoted by this engine (the next issue's offers may add that on purpose).
    """
    # Keyed in id order so a stored run's JSON does not depend on the input order either.
    lists: dict[int, list[int]] = {pid: [] for pid in sorted(programs)}
    for aid in order:  # the common order; programs with their own order are re-sorted below
        if placements[aid] is not None:
            continue
        applicant = applicants[aid]
        for pid in applicant.choices:
            if pid in applicant.eligible and programs[pid].seats > 0:
                lists[pid].append(aid)
    for pid, own in positions.items():
        if own is not None:
            lists[pid].sort(key=own.__getitem__)
    return {pid: tuple(ids) for pid, ids in lists.items()}


def _last_placed(
    placements: Mapping[int, int | None],
    positions: Mapping[int, dict[int, int] | None],
    rank_index: Mapping[int, int],
) -> dict[int, int]:
    """Per program that placed anyone, the weakest placed applicant in its own order."""
    last: dict[int, tuple[int, int]] = {}
    for aid, pid in placements.items():
        if pid is None:
            continue
        pos = position_of(positions, rank_index, pid, aid)
        if pid not in last or pos > last[pid][0]:
            last[pid] = (pos, aid)
    return {pid: aid for pid, (_, aid) in last.items()}


def explanations(
    order: Sequence[int],
    applicants: Mapping[int, Applicant],
    programs: Mapping[int, ProgramSeats],
    placements: Mapping[int, int | None],
    lists: Mapping[int, tuple[int, ...]],
    positions: Mapping[int, dict[int, int] | None],
    *,
    mechanism: Mechanism,
    tie_rule: TieRule,
    progress: Progress,
) -> dict[int, Explanation]:
    """One Explanation per applicant: their rank, the choices above their result and why."""
    rank_index = {aid: i for i, aid in enumerate(order)}
    reasons = _Reasons(
        applicants, programs, positions, _last_placed(placements, positions, rank_index), rank_index
    )
    waiting: dict[int, dict[int, int]] = {}  # applicant -> program -> waitlist position
    for pid, ids in lists.items():
        for position, aid in enumerate(ids, 1):
            waiting.setdefault(aid, {})[pid] = position
    total = len(order)
    every = progress.every(total)
    result: dict[int, Explanation] = {}
    why = reasons.why
    for done, aid in enumerate(order, 1):
        applicant = applicants[aid]
        placed = placements[aid]
        choices = applicant.choices
        got = choices.index(placed) if placed is not None else len(choices)
        passed = tuple([why(applicant, choices[n], n + 1) for n in range(got)]) if got else ()
        own = waiting.get(aid)
        waitlisted = () if own is None else tuple([(p, own[p]) for p in choices if p in own])
        # Positional arguments: this loop runs once per applicant and keywords cost time.
        result[aid] = Explanation(
            aid,
            done,
            applicant.score,
            placed,
            None if placed is None else got + 1,
            passed,
            waitlisted,
            total,
            mechanism,
            tie_rule,
        )
        if done % every == 0:
            progress.step(done, total)
    return result


class _Reasons:
    """Builds PassedOver values, sharing the identical ones (they are frozen) to save time."""

    def __init__(self, applicants, programs, positions, last, rank_index):
        self.applicants = applicants
        self.programs = programs
        self.positions = positions
        self.last = last
        self.rank_index = rank_index
        self.shared: dict[tuple[int, int, bool], PassedOver] = {}

    def why(self, applicant: Applicant, pid: int, choice: int) -> PassedOver:
        eligible = pid in applicant.eligible
        if eligible and self.positions[pid] is not None:
            return self._own_priority(applicant, pid, choice)
        key = (pid, choice, eligible)
        passed = self.shared.get(key)
        if passed is None:
            passed = self.shared[key] = self._common(pid, choice, eligible)
        return passed

    def _common(self, pid: int, choice: int, eligible: bool) -> PassedOver:
        if not eligible:
            return PassedOver(pid, choice, NOT_ELIGIBLE, None, None)
        if self.programs[pid].seats == 0:
            return PassedOver(pid, choice, NO_SEATS, None, None)
        cutoff = self.last.get(pid)
        if cutoff is None:  # cannot happen for a valid run; stay truthful rather than guess
            return PassedOver(pid, choice, FULL, None, None)
        score = self.applicants[cutoff].score
        return PassedOver(pid, choice, FULL, score, self.rank_index[cutoff] + 1)

    def _own_priority(self, applicant: Applicant, pid: int, choice: int) -> PassedOver:
        if self.programs[pid].seats == 0:
            return PassedOver(pid, choice, NO_SEATS, None, None)
        cutoff = self.last.get(pid)
        if cutoff is None:
            return PassedOver(pid, choice, FULL, None, None)
        priority = self.programs[pid].priority or {}
        return PassedOver(
            pid,
            choice,
            FULL,
            priority.get(cutoff),
            self.rank_index[cutoff] + 1,
            own_priority=True,
            your_score=priority.get(applicant.id),
        )


def stats(applicants: Mapping[int, Applicant], placements: Mapping[int, int | None]) -> Stats:
    """Headline numbers; the first-choice rate is over all applicants, placed or not."""
    count = len(placements)
    placed = sum(1 for pid in placements.values() if pid is not None)
    first = sum(
        1
        for aid, pid in placements.items()
        if pid is not None and applicants[aid].choices[0] == pid
    )
    return Stats(
        applicants=count,
        placed=placed,
        unplaced=count - placed,
        first_choice=first,
        first_choice_rate=first / count if count else 0.0,
    )
