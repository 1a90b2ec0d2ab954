"""The office's overview of visits: the filtered list, staff days per agreement and year
(outgoing and incoming), and the visits of the coming weeks.

Screen queries built on one visibility rule (visible_visits_clause), each running a fixed
number of statements whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from flask_babel import format_date
from sqlalchemy import Select, exists, func, or_, select

from exchange.accounts.models import OrgUnit, User
from exchange.accounts.scope import is_university_wide, unit_clause
from exchange.applications.listing import parse_int
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.visits.incoming.models import COUNTED as INCOMING_COUNTED
from exchange.visits.incoming.models import IncomingState, IncomingVisit
from exchange.visits.incoming.policy import scoped_partnerships_clause
from exchange.visits.models import Visit
from exchange.visits.staff_days import StaffDays, staff_days_table
from exchange.visits.states import STAFF_MOBILITY_TYPES, VisitState, VisitType

UPCOMING_DAYS = 90
# Outgoing visits worth a place in the calendar: waiting for a decision, approved, or held.
UPCOMING_STATES = (VisitState.SUBMITTED, VisitState.UNIT_APPROVED, VisitState.APPROVED,
                   VisitState.COMPLETED)  # fmt: skip


def parse_enum(enum, value):
    """A state or type typed in a URL: the member, or None for anything else."""
    try:
        return enum(value) if value else None
    except ValueError:
        return None


def visible_visits_clause(user):
    """Visits the office sees: every proposal once submitted (drafts stay the proposer's);
    a scoped coordinator those under agreements of the scope's units or proposed by their
    people."""
    submitted = Visit.state != VisitState.DRAFT
    if is_university_wide(user):
        return submitted
    proposer = exists(
        select(User.id).where(User.id == Visit.proposer_id, unit_clause(user, User.org_unit_id))
    )
    agreement = exists(
        select(Partnership.id).where(
            Partnership.id == Visit.partnership_id, scoped_partnerships_clause(user)
        )
    )
    return submitted & or_(agreement, proposer)


# --- The filtered list ----------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFilters:
    """What the list is narrowed to; unknown values from the URL are ignored."""

    state: VisitState | None = None
    partner_id: int | None = None
    org_unit_id: int | None = None
    visit_type: VisitType | None = None
    academic_year: int | None = None

    @classmethod
    def from_args(cls, args) -> VisitFilters:
        return cls(
            state=parse_enum(VisitState, args.get("state")),
            partner_id=parse_int(args.get("partner")),
            org_unit_id=parse_int(args.get("unit")),
            visit_type=parse_enum(VisitType, args.get("type")),
            academic_year=parse_int(args.get("year")),
        )

    @property
    def active(self) -> bool:
        return any(v is not None for v in self.args().values())

    def args(self, **changes) -> dict:
        """URL arguments for these filters, with some changed (None drops one)."""
        values = {
            "state": self.state.value if self.state else None,
            "partner": self.partner_id,
            "unit": self.org_unit_id,
            "type": self.visit_type.value if self.visit_type else None,
            "year": self.academic_year,
        } | changes
        return {k: v for k, v in values.items() if v is not None}


def visits_query(user, filters: VisitFilters) -> Select:
    """Visits this user may see matching the filters, the latest first (drafts, the only
    undated ones, are never shown). The proposer with the unit, the agreement and its
    partner load with the row."""
    query = select(Visit).where(visible_visits_clause(user))
    if filters.state is not None:
        query = query.where(Visit.state == filters.state)
    if filters.visit_type is not None:
        query = query.where(Visit.visit_type == filters.visit_type)
    if filters.academic_year is not None:
        query = query.where(Visit.academic_year == filters.academic_year)
    if filters.partner_id is not None:
        query = query.where(
            exists(
                select(Partnership.id).where(
                    Partnership.id == Visit.partnership_id,
                    Partnership.partner_id == filters.partner_id,
                )
            )
        )
    if filters.org_unit_id is not None:
        # A faculty includes its departments, as coordinator scopes do.
        children = select(OrgUnit.id).where(OrgUnit.parent_id == filters.org_unit_id)
        query = query.where(
            exists(
                select(User.id).where(
                    User.id == Visit.proposer_id,
                    or_(User.org_unit_id == filters.org_unit_id, User.org_unit_id.in_(children)),
                )
            )
        )
    return query.order_by(Visit.start_date.desc(), Visit.id.desc())


@dataclass
class FilterChoices:
    partners: list[Institution]
    years: list[int]


def filter_choices(user) -> FilterChoices:
    """Partners and academic years that the visible visits use (two queries)."""
    visible = select(Visit.partnership_id).where(visible_visits_clause(user))
    partners = db.session.scalars(
        select(Institution)
        .join(Partnership, Partnership.partner_id == Institution.id)
        .where(Partnership.id.in_(visible))
        .distinct()
        .order_by(Institution.name)
    ).all()
    years = db.session.scalars(
        select(Visit.academic_year)
        .where(visible_visits_clause(user), Visit.academic_year.is_not(None))
        .distinct()
        .order_by(Visit.academic_year.desc())
    ).all()
    return FilterChoices(partners=list(partners), years=list(years))


# --- Staff days per agreement and year ------------------------------------------------------


@dataclass
class IncomingDays:
    """An agreement's incoming staff days of one type in one year and who takes them."""

    mobility_type: MobilityType
    allowed: int | None  # None: the condition sets no day limit
    confirmed: int = 0  # confirmed and completed visits
    recorded: int = 0  # recorded, not yet confirmed
    visits: list[IncomingVisit] = field(default_factory=list)

    @property
    def used(self) -> int:
        return self.confirmed + self.recorded

    @property
    def remaining(self) -> int | None:
        return None if self.allowed is None else max(self.allowed - self.used, 0)


@dataclass
class AgreementDays:
    partnership: Partnership
    outgoing: list[StaffDays]
    incoming: list[IncomingDays]


def _has_staff_condition():
    return exists(
        select(CooperationCondition.id).where(
            CooperationCondition.partnership_id == Partnership.id,
            CooperationCondition.mobility_type.in_(list(STAFF_MOBILITY_TYPES)),
        )
    )


def staff_days_partnerships_query(user, year: int) -> Select:
    """Agreements in the user's scope that cover the year and have a staff condition (either
    direction); drafts have no days to use yet."""
    return (
        select(Partnership)
        .where(
            Partnership.first_year <= year,
            Partnership.last_year >= year,
            Partnership.state != PartnershipState.DRAFT,
            _has_staff_condition(),
            scoped_partnerships_clause(user),
        )
        .order_by(Partnership.title, Partnership.id)
    )


def staff_days_years(user) -> list[int]:
    """Academic years some agreement with a staff condition covers, newest first (one query)."""
    first, last = db.session.execute(
        select(func.min(Partnership.first_year), func.max(Partnership.last_year)).where(
            Partnership.state != PartnershipState.DRAFT,
            _has_staff_condition(),
            scoped_partnerships_clause(user),
        )
    ).one()
    return list(range(last, first - 1, -1)) if first is not None else []


def incoming_days(partnership_ids: list[int], year: int) -> dict[int, list[IncomingDays]]:
    """Incoming staff days of the agreements in one year, with the visitors (two queries)."""
    rows: dict[int, dict[MobilityType, IncomingDays]] = defaultdict(dict)
    if not partnership_ids:
        return {}
    for pid, kind, allowed in db.session.execute(
        select(CooperationCondition.partnership_id, CooperationCondition.mobility_type,
               CooperationCondition.days_per_year)
        .where(CooperationCondition.partnership_id.in_(partnership_ids),
               CooperationCondition.direction == Direction.INCOMING,
               CooperationCondition.mobility_type.in_(list(STAFF_MOBILITY_TYPES)))
    ):  # fmt: skip
        rows[pid][MobilityType(kind)] = IncomingDays(MobilityType(kind), allowed)
    visits = db.session.scalars(
        select(IncomingVisit)
        .where(
            IncomingVisit.partnership_id.in_(partnership_ids),
            IncomingVisit.academic_year == year,
            IncomingVisit.state.in_(list(INCOMING_COUNTED)),
        )
        .order_by(IncomingVisit.start_date, IncomingVisit.id)
    )
    for visit in visits:
        # A visit whose condition went since shows under a row that allows nothing.
        days = rows[visit.partnership_id].setdefault(
            visit.mobility_type, IncomingDays(visit.mobility_type, 0)
        )
        days.visits.append(visit)
        if visit.state == IncomingState.RECORDED:
            days.recorded += visit.days
        else:
            days.confirmed += visit.days
    order = list(STAFF_MOBILITY_TYPES)
    return {
        pid: sorted(by_type.values(), key=lambda d: order.index(d.mobility_type))
        for pid, by_type in rows.items()
    }


def agreement_days(partnerships: list[Partnership], year: int) -> list[AgreementDays]:
    """Outgoing and incoming staff days of a page of agreements in one year (four queries)."""
    ids = [p.id for p in partnerships]
    outgoing: dict[int, list[StaffDays]] = defaultdict(list)
    if ids:
        for row in staff_days_table(ids, [year]):
            outgoing[row.partnership_id].append(row)
    incoming = incoming_days(ids, year)
    return [AgreementDays(p, outgoing.get(p.id, []), incoming.get(p.id, [])) for p in partnerships]


# --- Upcoming visits ------------------------------------------------------------------------


@dataclass(frozen=True)
class Upcoming:
    """One visit in the calendar, outgoing or incoming, in the words the list shows."""

    direction: Direction
    start: date
    end: date
    person: str
    partner: str
    visit_type: VisitType
    state: object  # VisitState or IncomingState: both carry label and badge
    visit: object

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Month:
    first_day: date
    visits: list[Upcoming]

    @property
    def label(self) -> str:
        return format_date(self.first_day, "MMMM y")


def upcoming_visits(user, today: date, days: int = UPCOMING_DAYS) -> list[Month]:
    """Visits on site between today and `days` from now (ongoing ones too), outgoing and
    incoming together, grouped by the month they start in (ongoing ones under this month).
    Two queries."""
    until = today + timedelta(days=days)
    outgoing = db.session.scalars(
        select(Visit).where(
            visible_visits_clause(user),
            Visit.state.in_(list(UPCOMING_STATES)),
            Visit.start_date <= until,
            Visit.end_date >= today,
        )
    ).all()
    incoming = db.session.scalars(
        select(IncomingVisit).where(
            IncomingVisit.partnership_id.in_(
                select(Partnership.id).where(scoped_partnerships_clause(user))
            ),
            IncomingVisit.state.in_(list(INCOMING_COUNTED)),
            IncomingVisit.start_date <= until,
            IncomingVisit.end_date >= today,
        )
    ).all()
    items = [
        Upcoming(Direction.OUTGOING, v.start_date, v.end_date, v.proposer.full_name,
                 v.partnership.partner.name, v.visit_type, v.state, v)
        for v in outgoing
    ] + [
        Upcoming(Direction.INCOMING, v.start_date, v.end_date, v.visitor_name,
                 v.partnership.partner.name, v.visit_type, v.state, v)
        for v in incoming
    ]  # fmt: skip

    def month(item: Upcoming) -> date:
        return max(item.start, today).replace(day=1)

    items.sort(key=lambda i: (month(i), i.start, i.end, i.person.lower()))
    return [Month(first, list(group)) for first, group in groupby(items, key=month)]
