"""Incoming visiting scholars: a partner's staff member hosted here, counted against the
agreement's INCOMING staff days.

A coordinator records the visit (recorded), confirms it once the partner and the host agree
(confirmed; the host faculty member is told), and marks it completed after its last day, or
cancels it with a reason (which releases its days). Services check the rules, audit every
change and flush; the request commits. A broken rule raises IncomingVisitError naming the form
field it concerns.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.accounts.models import OrgUnit, User
from exchange.accounts.roles import Role
from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in
from exchange.enums import LabelledEnum
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.reference import academic_year_label
from exchange.rules import RuleError
from exchange.visits.rules import Settings
from exchange.visits.staff_days import academic_year_of, agreement_period, days_on_site
from exchange.visits.states import STAFF_MOBILITY_TYPES, VisitType
from exchange.workflow import Workflow


class IncomingState(LabelledEnum):
    RECORDED = "recorded", _l("Recorded"), "info"
    CONFIRMED = "confirmed", _l("Confirmed"), "success"
    COMPLETED = "completed", _l("Completed"), "dark"
    CANCELLED = "cancelled", _l("Cancelled"), "secondary"


S = IncomingState
TRANSITIONS = {
    S.RECORDED: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
# Days these visits take count against the agreement's incoming staff days.
COUNTED = frozenset({S.RECORDED, S.CONFIRMED, S.COMPLETED})
EDITABLE = frozenset({S.RECORDED, S.CONFIRMED})
FINAL = frozenset({S.COMPLETED, S.CANCELLED})

incoming_workflow = Workflow("incoming_visit", TRANSITIONS)

FIELDS = [
    "partnership_id", "mobility_type", "academic_year", "visit_type", "visitor_name",
    "visitor_email", "position", "partner_unit_id", "start_date", "end_date", "days",
    "host_id", "host_unit_id", "purpose", "teaching_hours",
]  # fmt: skip


class IncomingVisit(TimestampMixin, db.Model):
    """A scholar from a partner visiting us under an agreement."""

    __tablename__ = "incoming_visits"
    __table_args__ = (
        CheckConstraint(sql_in("state", IncomingState.values()), name="state_known"),
        CheckConstraint(sql_in("visit_type", VisitType.values()), name="visit_type_known"),
        CheckConstraint(
            sql_in("mobility_type", [m.value for m in STAFF_MOBILITY_TYPES]), name="staff_type"
        ),
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("days > 0", name="days_positive"),
        CheckConstraint("teaching_hours >= 0", name="teaching_hours_not_negative"),
        CheckConstraint("length(visitor_name) > 0", name="visitor_named"),
        CheckConstraint("visitor_email = lower(visitor_email)", name="email_lowercase"),
        CheckConstraint("host_id IS NOT NULL OR host_unit_id IS NOT NULL", name="host_given"),
        CheckConstraint(
            "state <> 'cancelled' OR (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL)",
            name="cancel_has_reason",
        ),
        CheckConstraint("state <> 'confirmed' OR confirmed_at IS NOT NULL", name="confirm_dated"),
        # The quota sums and locks by agreement, staff type and academic year.
        Index("ix_incoming_visits_quota", "partnership_id", "mobility_type", "academic_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    # The incoming staff condition (STA or STT) whose days the visit takes.
    mobility_type: Mapped[MobilityType] = mapped_column(EnumString(MobilityType, 3))
    # The academic year of the first day (years start in September), as 2026 for 2026/2027.
    academic_year: Mapped[int] = mapped_column(Integer)
    visit_type: Mapped[VisitType] = mapped_column(EnumString(VisitType, 20))
    state: Mapped[IncomingState] = mapped_column(
        EnumString(IncomingState, 12), default=IncomingState.RECORDED
    )
    visitor_name: Mapped[str] = mapped_column(String(200))
    visitor_email: Mapped[str] = mapped_column(String(254), index=True)
    position: Mapped[str] = mapped_column(String(200))
    # The visitor's faculty or department at the partner, when known.
    partner_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="SET NULL")
    )
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    # Who hosts the visitor here: a faculty member, a unit, or both.
    host_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    host_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    purpose: Mapped[str] = mapped_column(Text)
    teaching_hours: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    partnership: Mapped[Partnership] = relationship(lazy="joined")
    partner_unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[partner_unit_id])
    host: Mapped[User | None] = relationship(foreign_keys=[host_id])
    host_unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[host_unit_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def host_label(self) -> str:
        names = [p.full_name for p in (self.host,) if p] + [u.name for u in (self.host_unit,) if u]
        return " · ".join(names)

    def __str__(self) -> str:
        return self.visitor_name


class IncomingVisitError(RuleError):
    """A visit that breaks a rule; `field` names the form field the message belongs beside."""


# --- Rules ----------------------------------------------------------------------------------


def day_limits() -> tuple[int, int]:
    """The shortest and longest stay on site (Erasmus+ staff mobility: 2 to 60 days)."""
    settings = Settings.from_config(current_app.config)
    return settings.min_days, settings.max_days


def incoming_condition(
    partnership: Partnership, visit_type: VisitType, *, lock: bool = False
) -> CooperationCondition | None:
    """The agreement's incoming staff condition this type of visit counts against (the
    type's preferred staff type first; a condition without days per year sets no limit).
    `lock` takes the row for the transaction (PostgreSQL), so that concurrent visits under
    one quota take turns."""
    query = select(CooperationCondition).where(
        CooperationCondition.partnership_id == partnership.id,
        CooperationCondition.direction == Direction.INCOMING,
        CooperationCondition.mobility_type.in_(visit_type.mobility_types),
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    found = {c.mobility_type: c for c in db.session.scalars(query)}
    return next((found[t] for t in visit_type.mobility_types if t in found), None)


def days_taken(partnership_id: int, kind: MobilityType, year: int, *, exclude=None) -> int:
    """Days of the counted incoming visits under one agreement, staff type and year."""
    query = select(db.func.coalesce(db.func.sum(IncomingVisit.days), 0)).where(
        IncomingVisit.partnership_id == partnership_id,
        IncomingVisit.mobility_type == kind,
        IncomingVisit.academic_year == year,
        IncomingVisit.state.in_(list(COUNTED)),
    )
    if exclude is not None:
        query = query.where(IncomingVisit.id != exclude.id)
    return db.session.scalar(query)


def _fail(message, field=None):
    raise IncomingVisitError(message, field)


def _check_people(data: dict, partnership: Partnership) -> None:
    if not (data.get("visitor_name") or "").strip():
        _fail(_l("Enter the visitor's name."), "visitor_name")
    email = data.get("visitor_email") or ""
    if "@" not in email.strip(" @") or " " in email.strip():
        _fail(_l("Enter a valid e-mail address, like name@partner.edu."), "visitor_email")
    if not (data.get("position") or "").strip():
        _fail(_l("Enter the visitor's position, e.g. Associate Professor."), "position")
    unit = data.get("partner_unit")
    if unit is not None and unit.institution_id != partnership.partner_id:
        _fail(_l("Choose a unit of %(partner)s.", partner=partnership.partner.name),
              "partner_unit_id")  # fmt: skip
    host, host_unit = data.get("host"), data.get("host_unit")
    if host is None and host_unit is None:
        _fail(_l("Choose the faculty member or the unit who hosts the visitor."), "host_id")
    if host is not None and (not host.is_active or not host.has_role(Role.FACULTY)):
        _fail(_l("Choose an active faculty member as host."), "host_id")
    if host_unit is not None and not host_unit.institution.is_home:
        _fail(_l("Choose one of our own faculties or departments."), "host_unit_id")
    if (data.get("teaching_hours") or 0) < 0:
        _fail(_l("Teaching hours cannot be negative."), "teaching_hours")
    if not (data.get("purpose") or "").strip():
        _fail(_l("Say what the visit is for."), "purpose")


def _check_dates(data: dict, partnership: Partnership) -> int:
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        _fail(_l("Enter the first day of the visit."), "start_date")
    if end is None:
        _fail(_l("Enter the last day of the visit."), "end_date")
    if end < start:
        _fail(_l("The visit cannot end before it starts."), "end_date")
    first, last = agreement_period(partnership)
    if start < first or end > last:
        _fail(_l("The agreement runs from %(first)s to %(last)s; the visit must fall within it.",
                 first=first.isoformat(), last=last.isoformat()), "start_date")  # fmt: skip
    days = days_on_site(start, end)
    low, high = day_limits()
    if not low <= days <= high:
        _fail(_l("A visit lasts %(low)s to %(high)s days on site; these dates make %(days)s.",
                 low=low, high=high, days=days), "end_date")  # fmt: skip
    return days


def _check_overlap(email: str, start: date, end: date, current) -> None:
    query = select(IncomingVisit).where(
        IncomingVisit.visitor_email == email,
        IncomingVisit.state != IncomingState.CANCELLED,
        IncomingVisit.start_date <= end,
        IncomingVisit.end_date >= start,
    )
    if current is not None:
        query = query.where(IncomingVisit.id != current.id)
    other = db.session.scalars(query.limit(1)).first()
    if other is not None:
        _fail(_l("%(email)s already visits from %(start)s to %(end)s (%(partner)s); the dates "
                 "overlap.", email=email, start=other.start_date.isoformat(),
                 end=other.end_date.isoformat(), partner=other.partnership.partner.name),
              "start_date")  # fmt: skip


def check_rules(data: dict, current: IncomingVisit | None) -> dict:
    """Check every rule; return the derived values (staff type, year, days) to store."""
    partnership = data.get("partnership")
    if partnership is None:
        _fail(_l("Choose the agreement the visit comes under."), "partnership_id")
    if partnership.state != PartnershipState.ACTIVE:
        _fail(_l("The agreement is %(state)s; visits come under active agreements only.",
                 state=partnership.state.label), "partnership_id")  # fmt: skip
    try:
        visit_type = VisitType(data.get("visit_type"))
    except ValueError:
        _fail(_l("Choose the type of visit."), "visit_type")
    # Locked first: whoever records under this quota next waits until this transaction ends.
    condition = incoming_condition(partnership, visit_type, lock=True)
    if condition is None:
        _fail(_l("The agreement has no incoming staff condition for %(kinds)s; add one to "
                 "the agreement first, or choose another type.",
                 kinds=" / ".join(t.label for t in visit_type.mobility_types)),
              "visit_type")  # fmt: skip
    _check_people(data, partnership)
    days = _check_dates(data, partnership)
    email = data["visitor_email"].strip().lower()
    _check_overlap(email, data["start_date"], data["end_date"], current)
    year = academic_year_of(data["start_date"])
    taken = days_taken(partnership.id, condition.mobility_type, year, exclude=current)
    left = (condition.days_per_year or 0) - taken
    if condition.days_per_year is not None and days > left:
        _fail(_l("The agreement allows %(allowed)s incoming %(kind)s days in %(year)s; "
                 "%(taken)s are recorded or confirmed, so %(left)s remain, and this visit "
                 "needs %(days)s.", allowed=condition.days_per_year,
                 kind=condition.mobility_type.value, year=academic_year_label(year),
                 taken=taken, left=max(left, 0), days=days), "end_date")  # fmt: skip
    return dict(visit_type=visit_type, visitor_email=email, days=days, academic_year=year,
                mobility_type=condition.mobility_type)  # fmt: skip


def apply_fields(visit: IncomingVisit, data: dict, derived: dict) -> None:
    visit.partnership = data["partnership"]
    visit.visitor_name = data["visitor_name"].strip()
    visit.position = data["position"].strip()
    visit.partner_unit = data.get("partner_unit")
    visit.start_date, visit.end_date = data["start_date"], data["end_date"]
    visit.host, visit.host_unit = data.get("host"), data.get("host_unit")
    visit.purpose = data["purpose"].strip()
    visit.teaching_hours = data.get("teaching_hours") or 0
    for key, value in derived.items():
        setattr(visit, key, value)
