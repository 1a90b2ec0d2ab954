"""What the office's results page lists: the call's results per state and its offers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.extensions import db

S = ApplicationState
# The results the page counts: decisions, offers and how they were answered.
TRACKED = (S.SELECTED, S.OFFERED, S.ACCEPTED, S.PLACED, S.WAITLISTED, S.NOT_SELECTED,
           S.DECLINED, S.EXPIRED)  # fmt: skip


def result_counts(call_id: int) -> dict[ApplicationState, int]:
    """Applications of the call per tracked state (states without any are left out)."""
    rows = db.session.execute(
        select(Application.state, func.count())
        .where(Application.call_id == call_id, Application.state.in_(TRACKED))
        .group_by(Application.state)
    ).all()
    return {S(state): n for state, n in rows}


def offers_of(call_id: int) -> list[Application]:
    """Offered, accepted and placed applications of the call, by state and deadline."""
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.call_id == call_id,
                   Application.state.in_((S.OFFERED, S.ACCEPTED, S.PLACED)))
            .options(selectinload(Application.outcome_program))
            .order_by(Application.state, Application.offer_deadline, Application.id)
        )
    )  # fmt: skip
