"""The figures of the coordinator's start page: agreements by status, those in their last
academic year, and how many partners there are."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from exchange.extensions import db
from exchange.partnerships.expiry import current_academic_year
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.states import PartnershipState


def count_by_state() -> dict[PartnershipState, int]:
    """Agreements per status, in one query."""
    rows = db.session.execute(select(Partnership.state, func.count()).group_by(Partnership.state))
    return {PartnershipState(state): n for state, n in rows}


def in_last_year(today: date) -> list[Partnership]:
    """Active agreements in their last academic year: renewal talks are due now."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(
                Partnership.state == PartnershipState.ACTIVE,
                Partnership.last_year <= current_academic_year(today),
            )
            .order_by(Partnership.last_year, Partnership.title)
        )
    )


def count_partners() -> int:
    """Partner institutions, archived ones included."""
    return db.session.scalar(
        select(func.count()).select_from(Institution).where(Institution.is_home.is_(False))
    )
