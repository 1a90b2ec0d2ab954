"""Read-side queries about programs, shared by the role areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
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
    return list(
        db.session.scalars(
            select(Program.academic_year).distinct().order_by(Program.academic_year.desc())
        )
    )


def count_programs(state: ProgramState) -> int:
    """Programs in this state (the start page counts the drafts)."""
    return db.session.scalar(
        select(func.count()).select_from(Program).where(Program.state == state)
    )


def programs_of_partnership(partnership_id: int) -> list[Program]:
    return list(
        db.session.scalars(
            select(Program)
            .where(Program.partnership_id == partnership_id)
            .order_by(Program.academic_year.desc(), Program.opens_on.desc())
        )
    )


# --- The quota: outgoing places per year against seats offered ------------------------------


def outgoing_places(partnership_id: int, mobility_type, *, lock: bool = False) -> int | None:
    """Places a year the agreement's outgoing condition allows for this type (None: no condition).

    With lock=True the condition row is locked (SELECT ... FOR UPDATE on PostgreSQL), so that
    writers of the same quota take turns and the sum that follows sees the other's seats.
    """
    stmt = select(CooperationCondition.places_per_year).where(
        CooperationCondition.partnership_id == partnership_id,
        CooperationCondition.direction == Direction.OUTGOING,
        CooperationCondition.mobility_type == mobility_type,
    )
    if lock:
        stmt = stmt.with_for_update()
    return db.session.scalar(stmt)


def seats_offered(
    partnership_id: int, mobility_type, academic_year: int, *, excluding: int | None = None
) -> int:
    """Seats of the calls that count against one quota (all but cancelled ones)."""
    stmt = select(func.coalesce(func.sum(Program.seats), 0)).where(
        Program.partnership_id == partnership_id,
        Program.mobility_type == mobility_type,
        Program.academic_year == academic_year,
        Program.state != ProgramState.CANCELLED,
    )
    if excluding is not None:
        stmt = stmt.where(Program.id != excluding)
    return int(db.session.scalar(stmt))


def quota_overview(partnership_ids, *, excluding: int | None = None) -> dict:
    """For the program form: per agreement, each outgoing condition's places and the seats
    already offered per year. Two queries whatever the number of agreements and calls."""
    ids = list(partnership_ids)
    overview: dict = {pid: {} for pid in ids}
    if not ids:
        return overview
    for pid, kind, places in db.session.execute(
        select(
            CooperationCondition.partnership_id,
            CooperationCondition.mobility_type,
            CooperationCondition.places_per_year,
        ).where(
            CooperationCondition.partnership_id.in_(ids),
            CooperationCondition.direction == Direction.OUTGOING,
        )
    ):
        overview[pid][kind.value] = {"places": places, "offered": {}}
    offered = (
        select(
            Program.partnership_id,
            Program.mobility_type,
            Program.academic_year,
            func.sum(Program.seats),
        )
        .where(Program.partnership_id.in_(ids), Program.state != ProgramState.CANCELLED)
        .group_by(Program.partnership_id, Program.mobility_type, Program.academic_year)
    )
    if excluding is not None:
        offered = offered.where(Program.id != excluding)
    for pid, kind, year, seats in db.session.execute(offered):
        if kind.value in overview[pid]:
            overview[pid][kind.value]["offered"][year] = int(seats)
    return overview


def program_quota_lines(partnership_id: int) -> Select:
    """One row per call of the agreement that counts against its quota, with its seats.

    The quota page aggregates these rows per year and condition. When applications exist,
    "applied" and "filled" become two more columns here: outer-join the applications (or a
    subquery counting them per program) and group by Program.id; the page reads them per row.
    """
    return (
        select(
            Program.id,
            Program.title,
            Program.state,
            Program.mobility_type,
            Program.academic_year,
            Program.term,
            Program.seats,
        )
        .where(Program.partnership_id == partnership_id, Program.state != ProgramState.CANCELLED)
        .order_by(Program.academic_year, Program.mobility_type, Program.opens_on, Program.id)
    )


@dataclass
class QuotaLine:
    """One cooperation condition in one academic year: its places and the calls against them."""

    condition: object  # CooperationCondition
    year: int
    programs: list = field(default_factory=list)  # rows of program_quota_lines

    @property
    def places(self) -> int:
        return self.condition.places_per_year

    @property
    def counts_calls(self) -> bool:
        """Calls send people out: only outgoing conditions have seats offered against them."""
        return self.condition.direction == Direction.OUTGOING

    @property
    def offered(self) -> int:
        return sum(p.seats for p in self.programs)

    @property
    def remaining(self) -> int:
        return self.places - self.offered


@dataclass
class QuotaYear:
    year: int
    lines: list[QuotaLine]

    @property
    def places_out(self) -> int:
        return sum(line.places for line in self.lines if line.counts_calls)

    @property
    def places_in(self) -> int:
        return sum(line.places for line in self.lines if not line.counts_calls)

    @property
    def offered_out(self) -> int:
        return sum(line.offered for line in self.lines if line.counts_calls)

    @property
    def balance(self) -> int:
        """Places out minus places in: above zero we may send more than we receive."""
        return self.places_out - self.places_in


def quota_report(partnership) -> list[QuotaYear]:
    """Each academic year of the agreement's validity, with a line per condition (outgoing
    first) and the calls counted against it. One query for the calls, whatever their number;
    the conditions come with the agreement."""
    order = list(MobilityType)
    conditions = sorted(
        partnership.conditions,
        key=lambda c: (c.direction != Direction.OUTGOING, order.index(c.mobility_type)),
    )
    years = [
        QuotaYear(year, [QuotaLine(c, year) for c in conditions])
        for year in range(partnership.first_year, partnership.last_year + 1)
    ]
    by_key = {
        (line.year, line.condition.mobility_type): line
        for quota_year in years
        for line in quota_year.lines
        if line.counts_calls
    }
    for row in db.session.execute(program_quota_lines(partnership.id)):
        line = by_key.get((row.academic_year, row.mobility_type))
        if line is not None:
            line.programs.append(row)
    return years


def busiest_year(partnership_id: int, mobility_type) -> tuple[int, int] | None:
    """The academic year whose calls offer the most seats of one type, and those seats."""
    total = func.sum(Program.seats)
    row = db.session.execute(
        select(Program.academic_year, total)
        .where(
            Program.partnership_id == partnership_id,
            Program.mobility_type == mobility_type,
            Program.state != ProgramState.CANCELLED,
        )
        .group_by(Program.academic_year)
        .order_by(total.desc(), Program.academic_year)
        .limit(1)
    ).first()
    return (row[0], int(row[1])) if row else None


# --- The faculty area: the agreements and calls of the member's units ----------------------

# Calls faculty follow: being prepared, open or past; a cancelled call is no longer news.
FOLLOWED_STATES = (ProgramState.DRAFT, ProgramState.PUBLISHED, ProgramState.CLOSED)


def followed_programs_query(where, states=FOLLOWED_STATES) -> Select:
    """Calls in `states` under the agreements `where` admits, newest year first."""
    return (
        select(Program)
        .join(Partnership, Program.partnership_id == Partnership.id)
        .where(where, Program.state.in_(states))
        .options(selectinload(Program.org_units))
        .order_by(Program.academic_year.desc(), Program.opens_on.desc(), Program.title, Program.id)
    )


def followed_program_counts(partnership_ids) -> dict[int, int]:
    """Followed calls per agreement, in one query."""
    ids = list(partnership_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Program.partnership_id, func.count())
        .where(Program.partnership_id.in_(ids), Program.state.in_(FOLLOWED_STATES))
        .group_by(Program.partnership_id)
    ).all()
    return dict(rows)
