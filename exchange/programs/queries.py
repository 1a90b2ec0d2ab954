"""Read-side queries about programs, shared by the role areas."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from exchange.partnerships.models import Partnership
from exchange.partnerships.states import PartnershipState
from exchange.programs.models import Program
from exchange.programs.states import ProgramState


def open_programs_query(today: date) -> Select:
    """Published programs whose application window includes today, soonest deadline first."""
    return (
        select(Program)
        .join(Partnership, Program.partnership_id == Partnership.id)
        .where(
            Program.state == ProgramState.PUBLISHED,
            Program.opens_on <= today,
            Program.closes_on >= today,
            Partnership.state == PartnershipState.ACTIVE,
        )
        .options(selectinload(Program.org_units))
        .order_by(Program.closes_on, Program.title)
    )
