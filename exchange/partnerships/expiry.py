"""Agreements expire by themselves once their last academic year is over.

Run by `flask exchange expire-agreements` from a scheduler, and on read by the coordinator's
screens, so that a missed scheduler run never shows an agreement as active after it ended.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.states import PartnershipState, partnership_workflow

# Academic years run from September to August: 2025 (2025/2026) ends on 31 August 2026.
ACADEMIC_YEAR_FIRST_MONTH = 9


def current_academic_year(today: date) -> int:
    """The first calendar year of the academic year that includes today."""
    return today.year if today.month >= ACADEMIC_YEAR_FIRST_MONTH else today.year - 1


def due_for_expiry(today: date):
    """Live agreements whose last academic year is over."""
    return select(Partnership).where(
        Partnership.state.in_([PartnershipState.ACTIVE, PartnershipState.SUSPENDED]),
        Partnership.last_year < current_academic_year(today),
    )


def expire_due_partnerships(today: date | None = None) -> list[Partnership]:
    """Move every agreement past its last academic year to expired, audited as the system.

    Side effects: one transition (and audit record) per agreement; flushes, never commits.
    """
    today = today or date.today()
    expired = []
    # Lock only the agreements: their eager-loaded partner and unit are outer-joined.
    query = due_for_expiry(today).with_for_update(of=Partnership)
    for partnership in db.session.scalars(query).unique().all():
        partnership_workflow.transition(
            partnership,
            PartnershipState.EXPIRED,
            actor=None,
            note=f"Last academic year {partnership.last_year}/{partnership.last_year + 1} ended.",
        )
        expired.append(partnership)
    return expired
