"""Staff days: what an agreement allows per academic year and what visits use of it.

A visit counts its days on site (first to last day, both included) against the agreement's
OUTGOING cooperation condition of its mobility type (STA or STT), in the academic year of its
first day (1 September to 31 August). `used` = granted (approved, completed) + pending
(submitted, approved by the unit). A condition without days_per_year sets no day limit.

Writers that must not exceed the days (submission, every approval step) call
`lock_condition()` first: on PostgreSQL it takes the condition row's lock, so concurrent
approvals against one condition take turns and each re-reads the sums the others committed;
SQLite has one writer at a time anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, MobilityType
from exchange.visits.models import Visit
from exchange.visits.states import COUNTED, GRANTED, STAFF_MOBILITY_TYPES, VisitType

ACADEMIC_YEAR_START_MONTH = 9


def academic_year_of(day: date) -> int:
    """The academic year a day falls in, by its first calendar year: 2027-03-01 -> 2026."""
    return day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1


def agreement_period(partnership: Partnership) -> tuple[date, date]:
    """First and last day of the agreement's validity: 1 Sep of first_year .. 31 Aug after
    last_year."""
    return date(partnership.first_year, 9, 1), date(partnership.last_year + 1, 8, 31)


def days_on_site(start: date, end: date) -> int:
    """Days at the partner, both ends included (a 2-day visit runs Monday to Tuesday)."""
    return (end - start).days + 1


def outgoing_condition(partnership: Partnership, mobility_type) -> CooperationCondition | None:
    """The agreement's outgoing staff condition of one type (uses the loaded conditions)."""
    for condition in partnership.conditions:
        if condition.direction == Direction.OUTGOING and condition.mobility_type == mobility_type:
            return condition
    return None


def staff_mobility_types(partnership: Partnership) -> list[MobilityType]:
    """The outgoing staff conditions (STA, STT) the agreement has."""
    return [m for m in STAFF_MOBILITY_TYPES if outgoing_condition(partnership, m) is not None]


def mobility_type_for(partnership: Partnership, visit_type: VisitType) -> MobilityType | None:
    """The staff condition a visit of this type counts against, or None if the agreement has
    none that fits (teaching needs STA, training STT; research prefers STT, joint supervision
    STA, each falling back to the other)."""
    available = staff_mobility_types(partnership)
    for mobility_type in VisitType(visit_type).mobility_types:
        if mobility_type in available:
            return mobility_type
    return None


def lock_condition(partnership_id: int, mobility_type) -> CooperationCondition | None:
    """Take the outgoing condition's row lock (PostgreSQL) and return it freshly read."""
    return db.session.scalar(
        select(CooperationCondition)
        .where(
            CooperationCondition.partnership_id == partnership_id,
            CooperationCondition.direction == Direction.OUTGOING,
            CooperationCondition.mobility_type == MobilityType(mobility_type),
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )


@dataclass(frozen=True)
class StaffDays:
    """Days of one agreement, staff mobility type and academic year."""

    partnership_id: int
    mobility_type: MobilityType
    academic_year: int
    allowed: int | None  # None: the condition sets no day limit
    granted: int  # approved and completed visits
    pending: int  # submitted, approved by the unit

    @property
    def used(self) -> int:
        return self.granted + self.pending

    @property
    def remaining(self) -> int | None:
        return None if self.allowed is None else max(self.allowed - self.used, 0)

    @property
    def over(self) -> bool:
        return self.allowed is not None and self.used > self.allowed


def _sums(partnership_ids=None, years=None, mobility_type=None, exclude_visit_id=None):
    granted = func.coalesce(
        func.sum(case((Visit.state.in_(list(GRANTED)), Visit.days_on_site), else_=0)), 0
    )
    counted = func.coalesce(func.sum(Visit.days_on_site), 0)
    query = (
        select(Visit.partnership_id, Visit.mobility_type, Visit.academic_year, granted, counted)
        .where(Visit.state.in_(list(COUNTED)))
        .group_by(Visit.partnership_id, Visit.mobility_type, Visit.academic_year)
    )
    if partnership_ids is not None:
        query = query.where(Visit.partnership_id.in_(list(partnership_ids)))
    if years is not None:
        query = query.where(Visit.academic_year.in_(list(years)))
    if mobility_type is not None:
        query = query.where(Visit.mobility_type == MobilityType(mobility_type))
    if exclude_visit_id is not None:
        query = query.where(Visit.id != exclude_visit_id)
    return {
        (row[0], MobilityType(row[1]), row[2]): (int(row[3]), int(row[4]))
        for row in db.session.execute(query)
    }


def staff_days(
    partnership: Partnership, mobility_type, academic_year: int, *, exclude_visit_id=None
) -> StaffDays:
    """The days of one condition and year; `exclude_visit_id` leaves one visit out (the one
    being edited, so that the form shows what remains for it)."""
    mobility_type = MobilityType(mobility_type)
    condition = outgoing_condition(partnership, mobility_type)
    sums = _sums([partnership.id], [academic_year], mobility_type, exclude_visit_id)
    granted, counted = sums.get((partnership.id, mobility_type, academic_year), (0, 0))
    return StaffDays(
        partnership_id=partnership.id,
        mobility_type=mobility_type,
        academic_year=academic_year,
        allowed=condition.days_per_year if condition is not None else 0,
        granted=granted,
        pending=counted - granted,
    )


def staff_days_table(partnership_ids=None, years=None) -> list[StaffDays]:
    """Days per agreement, staff type and year, in two queries whatever the number of rows.

    Lists every outgoing staff condition for each year given (or each year some visit uses
    it, when `years` is None), so an unused condition shows with 0 days used. Sorted by
    partnership id, year, type.
    """
    conditions = select(
        CooperationCondition.partnership_id,
        CooperationCondition.mobility_type,
        CooperationCondition.days_per_year,
    ).where(
        CooperationCondition.direction == Direction.OUTGOING,
        CooperationCondition.mobility_type.in_([m.value for m in STAFF_MOBILITY_TYPES]),
    )
    if partnership_ids is not None:
        conditions = conditions.where(CooperationCondition.partnership_id.in_(partnership_ids))
    allowed = {(r[0], MobilityType(r[1])): r[2] for r in db.session.execute(conditions)}
    sums = _sums(partnership_ids, years)
    keys = set(sums)
    for partnership_id, mobility_type in allowed:
        for year in years or ():
            keys.add((partnership_id, mobility_type, year))
    rows = []
    for key in keys:
        partnership_id, mobility_type, year = key
        granted, counted = sums.get(key, (0, 0))
        rows.append(
            StaffDays(
                partnership_id=partnership_id,
                mobility_type=mobility_type,
                academic_year=year,
                allowed=allowed.get((partnership_id, mobility_type), 0),
                granted=granted,
                pending=counted - granted,
            )
        )
    return sorted(rows, key=lambda d: (d.partnership_id, d.academic_year, d.mobility_type.value))
