"""Numbers for the call's selection dashboard, a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from exchange.applications.models import Application
from exchange.applications.states import DECISIONS, ApplicationState
from exchange.extensions import db
from exchange.reviews.phase import review_phase
from exchange.reviews.queries import reviewer_progress
from exchange.reviews.states import ReviewPhase
from exchange.selection import runs, scoring
from exchange.selection.models import WaitlistEntry

S = ApplicationState


@dataclass(frozen=True)
class ProgramSeatsRow:
    program: object
    seats: int
    selected: int  # SELECTED with this outcome program (set aside, not released)
    held: int  # every seat-holding application (selected, offered, accepted, placed)
    waitlisted: int

    @property
    def free(self) -> int:
        return max(self.seats - self.held, 0)


@dataclass(frozen=True)
class Dashboard:
    states: dict[ApplicationState, int]
    to_rank: int
    selected: int
    waitlisted: int
    not_selected: int
    seats: list[ProgramSeatsRow]
    reviewers: list


def state_counts(call_id: int) -> dict[ApplicationState, int]:
    rows = db.session.execute(
        select(Application.state, func.count(Application.id))
        .where(Application.call_id == call_id, Application.submitted_at.is_not(None))
        .group_by(Application.state)
    ).all()
    return {S(state): n for state, n in rows}


def dashboard(call) -> Dashboard:
    states = state_counts(call.id)
    selected = dict(
        db.session.execute(
            select(Application.outcome_program_id, func.count(Application.id))
            .where(Application.call_id == call.id, Application.state == S.SELECTED)
            .group_by(Application.outcome_program_id)
        ).all()
    )
    program_ids = [p.id for p in call.programs]
    waiting = dict(
        db.session.execute(
            select(WaitlistEntry.program_id, func.count(WaitlistEntry.id))
            .where(WaitlistEntry.program_id.in_(program_ids))
            .group_by(WaitlistEntry.program_id)
        ).all()
    ) if program_ids else {}  # fmt: skip
    seats = [
        ProgramSeatsRow(
            program=p,
            seats=p.seats,
            selected=selected.get(p.id, 0),
            held=p.seats_held,
            waitlisted=waiting.get(p.id, 0),
        )  # fmt: skip
        for p in call.programs
    ]
    return Dashboard(
        states=states,
        to_rank=states.get(S.SUBMITTED, 0) + states.get(S.UNDER_REVIEW, 0),
        selected=states.get(S.SELECTED, 0),
        waitlisted=states.get(S.WAITLISTED, 0),
        not_selected=states.get(S.NOT_SELECTED, 0),
        seats=seats,
        reviewers=reviewer_progress(call.id),
    )


@dataclass(frozen=True)
class ReviewsOutstanding:
    """Reviews a run would go without: the coordinator is told before committing."""

    missing: int
    assigned: int
    phase_open: bool
    closes_on: object


def reviews_outstanding(call, today=None) -> ReviewsOutstanding | None:
    """Missing reviews of the call, or None when every assigned review is in."""
    rows = reviewer_progress(call.id)
    missing = sum(row.missing for row in rows)
    if not missing:
        return None
    return ReviewsOutstanding(
        missing=missing,
        assigned=sum(row.assigned for row in rows),
        phase_open=review_phase(call, today) == ReviewPhase.OPEN,
        closes_on=call.reviews_close_on,
    )


def dashboard_panels(call) -> dict:
    """What the selection dashboard shows beside its run form: the numbers and the runs."""
    return {
        "board": dashboard(call),
        "runs": runs.runs_of(call.id),
        "next_round": runs.committed_rounds(call.id) + 1,
        "released": call.results_released_at is not None,
    }


# The ranking lists applications still to decide and those already decided.
RANKED = (*scoring.RANKABLE, *sorted(DECISIONS))


def ranking(call, program_id: int | None = None) -> list:
    """The call's scored applications, best first; for one destination, by its score there."""
    rows = scoring.score_call(call, RANKED)
    if program_id is None:
        return rows
    rows = [r for r in rows if program_id in r.program_scores]
    rows.sort(key=lambda r: (-r.program_scores[program_id], r.application.submitted_at,
                             r.application.id))  # fmt: skip
    return rows
