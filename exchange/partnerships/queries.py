"""Read-side queries about institutions and partnerships, shared by the role areas."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.orm import selectinload

from exchange.extensions import db
from exchange.partnerships.expiry import ACADEMIC_YEAR_FIRST_MONTH, current_academic_year
from exchange.partnerships.models import (
    Institution,
    Partnership,
)
from exchange.partnerships.states import FINAL, PartnershipState
from exchange.reference import COUNTRIES, ISCED_FIELDS, isced_label

# The "expiring within" filter offers these horizons, in days.
EXPIRY_HORIZONS = (30, 90, 180, 365)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def institutions_query(search: str = "", *, country: str = "", archived: bool = False) -> Select:
    """Institutions matching a search on name, city, country or SCHAC code; home first.

    Archived partners are left out unless `archived` is true.
    """
    stmt = select(Institution).order_by(Institution.is_home.desc(), Institution.name)
    if not archived:
        stmt = stmt.where(Institution.archived_at.is_(None))
    if country:
        stmt = stmt.where(Institution.country == country)
    search = (search or "").strip()
    if search:
        pattern = _like(search)
        countries = [
            code
            for code, name in COUNTRIES.items()
            if search.lower() in name.lower() or search.upper() == code
        ]
        stmt = stmt.where(
            or_(
                func.lower(Institution.name).like(pattern, escape="\\"),
                func.lower(Institution.schac_code).like(pattern, escape="\\"),
                func.lower(Institution.city).like(pattern, escape="\\"),
                Institution.country.in_(countries),
            )
        )
    return stmt


def partner_institutions(*, include_archived: bool = False) -> list[Institution]:
    """Partners by name; archived ones only when asked (never offered for new agreements)."""
    stmt = select(Institution).where(Institution.is_home.is_(False)).order_by(Institution.name)
    if not include_archived:
        stmt = stmt.where(Institution.archived_at.is_(None))
    return list(db.session.scalars(stmt))


def institution_countries() -> list[str]:
    """The countries institutions are recorded in (for the country filters), one query."""
    return list(
        db.session.scalars(select(Institution.country).distinct().order_by(Institution.country))
    )


def subject_choices(where=True) -> list[tuple[str, str]]:
    """ISCED-F fields the visible agreements list, with the broader fields above them (one
    query); narrower fields are indented under their broad field."""
    codes: set[str] = set()
    for raw in db.session.scalars(select(Partnership.subject_areas_raw).where(where).distinct()):
        for code in (raw or "").split(","):
            codes.update(code[:n] for n in (2, 3, 4) if len(code) >= n)
    return [
        (code, "\u2003" * (len(code) - 2) + isced_label(code))
        for code in sorted(codes)
        if code in ISCED_FIELDS
    ]


def agreement_end(last_year: int) -> date:
    """An agreement ends on the last day before its last academic year's successor starts."""
    return date(last_year + 1, ACADEMIC_YEAR_FIRST_MONTH, 1) - timedelta(days=1)


def last_years_ending_within(today: date, days: int) -> tuple[int, int]:
    """The range of last academic years whose end falls between today and today + days."""
    horizon = today + timedelta(days=days)
    # An end date is the day before an academic year starts, so the year starting the day
    # after the horizon is the first one whose predecessor ends too late.
    return current_academic_year(today), current_academic_year(horizon + timedelta(days=1)) - 1


def subject_clause(code: str):
    """Agreements listing this ISCED-F field or a narrower one (05 matches 053 and 0533)."""
    return (literal(",") + Partnership.subject_areas_raw).like(f"%,{code}%")


def home_institution() -> Institution | None:
    return db.session.scalar(select(Institution).where(Institution.is_home))


def partnerships_query(
    *,
    state: str = "",
    partner_id: int | None = None,
    search: str = "",
    country: str = "",
    subject: str = "",
    expiring_days: int | None = None,
    today: date | None = None,
    where=True,
) -> Select:
    """Agreements filtered by status, partner, partner country, subject area, approaching end
    (non-final agreements whose end date is within `expiring_days`) and a text search on
    title, partner and notes."""
    stmt = (
        select(Partnership)
        .join(Institution, Partnership.partner_id == Institution.id)
        .where(where)
        .order_by(Partnership.title, Partnership.id)
    )
    if state in PartnershipState.values():
        stmt = stmt.where(Partnership.state == state)
    if partner_id:
        stmt = stmt.where(Partnership.partner_id == partner_id)
    if country:
        stmt = stmt.where(Institution.country == country)
    if subject in ISCED_FIELDS:
        stmt = stmt.where(subject_clause(subject))
    if expiring_days:
        first, last = last_years_ending_within(today or date.today(), expiring_days)
        stmt = stmt.where(
            Partnership.state.not_in([s.value for s in FINAL]),
            Partnership.last_year.between(first, last),
        )
    search = (search or "").strip()
    if search:
        pattern = _like(search)
        stmt = stmt.where(
            or_(
                func.lower(Partnership.title).like(pattern, escape="\\"),
                func.lower(Institution.name).like(pattern, escape="\\"),
                func.lower(Partnership.notes).like(pattern, escape="\\"),
            )
        )
    return stmt


def open_partnerships() -> list[Partnership]:
    """Agreements that are not final, under which a call may be created."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(Partnership.state.not_in([s.value for s in FINAL]))
            .order_by(Partnership.title)
        )
    )


def count_partnerships_by_partner(institution_ids) -> dict[int, int]:
    """Agreements per partner institution, in one query."""
    ids = list(institution_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Partnership.partner_id, func.count())
        .where(Partnership.partner_id.in_(ids))
        .group_by(Partnership.partner_id)
    ).all()
    return dict(rows)


def partnerships_of_partner(institution_id: int) -> list[Partnership]:
    """A partner's agreements, the newest first."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(Partnership.partner_id == institution_id)
            .order_by(Partnership.first_year.desc(), Partnership.title)
        )
    )


def partnerships_by_title() -> list[Partnership]:
    """Every agreement by title (the programs' filter)."""
    return list(db.session.scalars(select(Partnership).order_by(Partnership.title)))


def partnerships_with_conditions(where, states) -> list[Partnership]:
    """Agreements in `states` that `where` admits, with their conditions, by title."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(where, Partnership.state.in_(states))
            .options(selectinload(Partnership.conditions))
            .order_by(Partnership.title, Partnership.id)
        )
    )
