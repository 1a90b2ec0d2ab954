"""The rules a visit proposal must meet before it is submitted: pure checks with messages.

`check_proposal()` takes the proposal and the facts around it (the agreement's validity, the
staff days left, the proposer's other visits) and returns every problem, each naming the form
field it belongs beside. The services gather the facts from the database; tests feed tables.

Teaching hours: Erasmus+ asks for at least 8 teaching hours a week "or any shorter period of
stay". Exchange reads that pro rata by default: hours_per_week x days / 7, rounded up, so a
5-day stay needs 6 hours, a 7-day stay 8 and a 10-day stay 12. With VISIT_TEACHING_PRO_RATA
off, a stay shorter than a week needs the full weekly hours (and longer stays stay pro rata).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from exchange.reference import academic_year_label


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Settings:
    min_days: int = 2
    max_days: int = 60
    hours_per_week: int = 8
    pro_rata: bool = True

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(
            min_days=int(config.get("VISIT_MIN_DAYS", 2)),
            max_days=int(config.get("VISIT_MAX_DAYS", 60)),
            hours_per_week=int(config.get("VISIT_MIN_TEACHING_HOURS_PER_WEEK", 8)),
            pro_rata=bool(config.get("VISIT_TEACHING_PRO_RATA", True)),
        )


@dataclass(frozen=True)
class Proposal:
    """What the proposer entered (amounts already parsed)."""

    is_teaching: bool
    start_date: date | None
    end_date: date | None
    teaching_hours: int | None = None
    host_name: str | None = "Host"
    purpose: str | None = "Purpose"
    activities: str | None = "Activities"
    expected_outcomes: str | None = "Outcomes"
    costs: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Overlap:
    """Another visit of the same person: its dates and how to name it."""

    start_date: date
    end_date: date
    label: str


@dataclass(frozen=True)
class Facts:
    """What the database says around the proposal."""

    agreement_active: bool
    validity: tuple[date, date]
    today: date
    mobility_label: str = "STA"
    # None: the condition sets no day limit.
    days_allowed: int | None = None
    # Days of other pending or approved visits against the same condition and year.
    days_used_by_others: int = 0
    overlaps: list[Overlap] = field(default_factory=list)


def days_on_site(start: date, end: date) -> int:
    return (end - start).days + 1


def required_teaching_hours(days: int, settings: Settings) -> int:
    """Teaching hours a stay of `days` needs (see the module docstring)."""
    if not settings.pro_rata and days < 7:
        return settings.hours_per_week
    return math.ceil(settings.hours_per_week * days / 7)


def _day(value: date) -> str:
    return format_date(value, "long")


def check_proposal(proposal: Proposal, facts: Facts, settings: Settings) -> list[Problem]:
    """Every rule the proposal breaks, in form order; an empty list means it may go."""
    problems: list[Problem] = []
    add = lambda name, message: problems.append(Problem(name, str(message)))  # noqa: E731 - short local helper

    if not facts.agreement_active:
        add(
            "partnership_id",
            _l("This agreement is not active; visits go under active agreements only."),
        )
    start, end = proposal.start_date, proposal.end_date
    if start is None:
        add("start_date", _l("Enter the first day on site."))
    if end is None:
        add("end_date", _l("Enter the last day on site."))
    days = None
    if start is not None and end is not None:
        if end < start:
            add("end_date", _l("The last day comes before the first day."))
        else:
            days = days_on_site(start, end)
    if start is not None and start < facts.today:
        add("start_date", _l("The visit cannot start in the past."))
    if days is not None:
        first, last = facts.validity
        if start < first or end > last:
            add(
                "start_date" if start < first else "end_date",
                _l(
                    "The agreement is valid from %(first)s to %(last)s; the visit must lie "
                    "inside it.",
                    first=_day(first),
                    last=_day(last),
                ),
            )
        if days < settings.min_days:
            add(
                "end_date",
                _l(
                    "A staff visit lasts at least %(min)s days on site; this one has %(days)s.",
                    min=settings.min_days,
                    days=days,
                ),
            )
        elif days > settings.max_days:
            add(
                "end_date",
                _l(
                    "A staff visit lasts at most %(max)s days on site; this one has %(days)s.",
                    max=settings.max_days,
                    days=days,
                ),
            )
    if proposal.is_teaching:
        if proposal.teaching_hours is None:
            add("teaching_hours", _l("Enter the teaching hours you plan."))
        elif days is not None:
            needed = required_teaching_hours(days, settings)
            if proposal.teaching_hours < needed:
                add(
                    "teaching_hours",
                    _l(
                        "A %(days)s-day teaching visit needs at least %(needed)s teaching hours "
                        "(%(weekly)s a week, pro rata); you planned %(hours)s.",
                        days=days,
                        needed=needed,
                        weekly=settings.hours_per_week,
                        hours=proposal.teaching_hours,
                    ),
                )
    if days is not None and facts.days_allowed is not None:
        left = max(facts.days_allowed - facts.days_used_by_others, 0)
        if days > left:
            add(
                "partnership_id",
                _l(
                    "The agreement allows %(allowed)s %(type)s staff days in %(year)s and "
                    "%(used)s are approved or pending: %(left)s left, this visit needs %(days)s.",
                    allowed=facts.days_allowed,
                    type=facts.mobility_label,
                    year=academic_year_label(_year(start)),
                    used=facts.days_used_by_others,
                    left=left,
                    days=days,
                ),
            )
    if days is not None:
        for other in facts.overlaps:
            if other.start_date <= end and other.end_date >= start:
                add(
                    "start_date",
                    _l(
                        "You already have a visit from %(first)s to %(last)s (%(visit)s); "
                        "visits of one person cannot overlap.",
                        first=_day(other.start_date),
                        last=_day(other.end_date),
                        visit=other.label,
                    ),
                )
    for name, message in (
        ("host_name", _l("Name your host at the partner.")),
        ("purpose", _l("Say what the visit is for.")),
        ("activities", _l("List the activities you plan.")),
        ("expected_outcomes", _l("Say what you expect the visit to achieve.")),
    ):
        if not (getattr(proposal, name) or "").strip():
            add(name, message)
    for name, amount in proposal.costs.items():
        if amount is not None and amount < 0:
            add(name, _l("Enter an amount of zero or more."))
    return problems


def _year(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1
