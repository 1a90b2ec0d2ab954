"""The engine's vocabulary: mechanisms, tie rules, inputs and the explained result.

Everything here is a frozen value so that a run can be stored, reloaded and compared with a
fresh run of the same inputs: reproducibility is what lets a coordinator show how a place was
given, months later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class EngineError(ValueError):
    """Input the engine cannot allocate; the message says what to fix in plain English."""


class Mechanism(StrEnum):
    """How places are given out.

    SERIAL_DICTATORSHIP: in score order, each applicant takes their first listed choice that
    still has a seat. Strategy-proof: listing your true order is always your best move.
    DEFERRED_ACCEPTANCE: student-proposing Gale-Shapley. Programs may rank applicants by their
    own criteria; the outcome is stable (no justified envy) and still strategy-proof for
    applicants. With one common ranking it gives exactly the serial dictatorship result.
    LOTTERY: the processing order is a seeded random permutation (scores ignored), then serial
    dictatorship. Used where every eligible applicant should have the same chance.
    """

    SERIAL_DICTATORSHIP = "serial_dictatorship"
    DEFERRED_ACCEPTANCE = "deferred_acceptance"
    LOTTERY = "lottery"


class TieRule(StrEnum):
    """How applicants with equal scores are ordered.

    Every rule ends in a draw from `random.Random(seed)` made over the applicants sorted by id,
    so the order never depends on the order the inputs happened to arrive in (a database
    query without ORDER BY, a re-run after an edit) and the recorded seed reproduces it.
    """

    LOTTERY = "lottery"
    EARLIER_SUBMISSION = "earlier_submission"


@dataclass(frozen=True, slots=True)
class Applicant:
    """One applicant: their published score and their ranked, eligibility-filtered wishes."""

    id: int
    score: float
    choices: tuple[int, ...]
    eligible: frozenset[int]
    submitted_at: float = 0.0


@dataclass(frozen=True, slots=True)
class ProgramSeats:
    """A destination with its places.

    `priority` (deferred acceptance only) is the program's own score per applicant id, higher
    preferred. Applicants missing from it rank below every applicant in it; equal priorities
    fall back to the common rank order.
    """

    id: int
    seats: int
    priority: Mapping[int, float] | None = None


@dataclass(frozen=True, slots=True)
class PassedOver:
    """A choice the applicant wanted more than the one they got, and why they did not get it.

    `cutoff_score`/`cutoff_rank` (reason "full") describe the last person placed there: the
    weakest placed applicant in that program's own order. `own_priority` says the cutoff score
    is the program's own priority score (deferred acceptance with priorities); `your_score` is
    then the applicant's own priority score there, so the two can be compared.
    """

    program: int
    choice: int
    reason: str
    cutoff_score: float | None
    cutoff_rank: int | None
    own_priority: bool = False
    your_score: float | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an applicant got what they got, in facts that can be checked and in plain words.

    `of` is the number of applicants ranked; `mechanism` and `tie_rule` let the text say how the
    rank was made (a score order or a lottery draw, and how equal scores were split).
    """

    applicant: int
    rank: int
    score: float
    program: int | None
    choice: int | None
    passed_over: tuple[PassedOver, ...]
    waitlisted_on: tuple[tuple[int, int], ...]
    of: int = 0
    mechanism: Mechanism = Mechanism.SERIAL_DICTATORSHIP
    tie_rule: TieRule = TieRule.LOTTERY

    def text(self, names: Mapping[int, str] | None = None) -> str:
        """Plain English sentences; `names` maps program ids to display names."""
        # Imported here because the wording module reads these classes.
        from exchange.selection.engine.wording import explanation_text

        return explanation_text(self, names or {})


@dataclass(frozen=True, slots=True)
class Stats:
    """The headline numbers of a run; `first_choice_rate` is over all applicants."""

    applicants: int
    placed: int
    unplaced: int
    first_choice: int
    first_choice_rate: float


@dataclass(frozen=True, slots=True)
class Result:
    """A complete, reproducible allocation.

    `waitlists` holds, per program, the unplaced applicants who listed it and are eligible for
    it, in that program's order; programs without seats have an empty waitlist because nobody
    can ever give a seat back there.
    """

    mechanism: Mechanism
    seed: int
    tie_rule: TieRule
    order: tuple[int, ...]
    placements: Mapping[int, int | None]
    waitlists: Mapping[int, tuple[int, ...]]
    explanations: Mapping[int, Explanation]
    stats: Stats
