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


def programs_query(
    *, state: str = "", partnership_id: int | None = None, academic_year: int | None = None
) -> Select:
    """Calls filtered by status, agreement and academic year; latest window first."""
    stmt = select(Program).options(selectinload(Program.org_units))
    if state in ProgramState.values():
        stmt = stmt.where(Program.state == state)
    if partnership_id:
        stmt = stmt.where(Program.partnership_id == partnership_id)
    if academic_year:
        stmt = stmt.where(Program.academic_year == academic_year)
    return stmt.order_by(Program.opens_on.desc(), Program.title, Program.id)


def program_years() -> list[int]:
    """Academic years that have at least one call, newest first, for the list's filter."""
    from exchange.extensions import db

    return list(
        db.session.scalars(
            select(Program.academic_year).distinct().order_by(Program.academic_year.desc())
        )
    )


def programs_of_partnership(partnership_id: int) -> list[Program]:
    from exchange.extensions import db

    return list(
        db.session.scalars(
            select(Program)
            .where(Program.partnership_id == partnership_id)
            .order_by(Program.academic_year.desc(), Program.opens_on.desc())
        )
    )
