"""Read-side queries about institutions and partnerships, shared by the role areas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.states import FINAL, PartnershipState


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def institutions_query(search: str = "") -> Select:
    """Institutions matching a search on name, country code or name, or SCHAC code; home first."""
    from exchange.reference import COUNTRIES

    stmt = select(Institution).order_by(Institution.is_home.desc(), Institution.name)
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


def partner_institutions() -> list[Institution]:
    return list(
        db.session.scalars(
            select(Institution).where(Institution.is_home.is_(False)).order_by(Institution.name)
        )
    )


def home_institution() -> Institution | None:
    return db.session.scalar(select(Institution).where(Institution.is_home))


def partnerships_query(
    *, state: str = "", partner_id: int | None = None, search: str = "", where=True
) -> Select:
    """Agreements filtered by status, partner and a text search on title, partner and notes."""
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


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    actor: str
    title: str
    from_state: object | None
    to_state: object | None
    changed: list[str]
    note: str | None


FIELD_LABELS = {
    "partner_id": _l("partner"),
    "org_unit_id": _l("owning unit"),
    "title": _l("title"),
    "first_year": _l("first year"),
    "last_year": _l("last year"),
    "subject_areas": _l("subject areas"),
    "notes": _l("notes"),
    "description": _l("description"),
    "mobility_type": _l("mobility type"),
    "academic_year": _l("academic year"),
    "term": _l("term"),
    "seats": _l("seats"),
    "opens_on": _l("opening date"),
    "closes_on": _l("closing date"),
    "eqf_levels": _l("study levels"),
    "min_gpa": _l("minimum GPA"),
    "language": _l("language"),
    "cefr_level": _l("CEFR level"),
    "required_documents": _l("required documents"),
    "org_unit_ids": _l("eligible units"),
    "partnership_id": _l("agreement"),
    "name": _l("name"),
    "country": _l("country"),
    "city": _l("city"),
    "website": _l("website"),
    "schac_code": _l("SCHAC code"),
    "erasmus_code": _l("Erasmus code"),
}

_TITLES = {
    "create": _l("Created"),
    "update": _l("Edited"),
}


def history(obj, state_enum) -> list[HistoryEntry]:
    """The audit trail of one object, newest first, in words a coordinator reads."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == obj.__tablename__, AuditEvent.object_id == obj.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    ).all()
    entries = []
    for event in events:
        verb = event.action.rpartition(".")[2]
        before, after = event.before or {}, event.after or {}
        from_state = to_state = None
        if verb not in _TITLES and "state" in after:
            from_state = _state(state_enum, before.get("state"))
            to_state = _state(state_enum, after.get("state"))
            title = _l("Status changed")
        else:
            title = _TITLES.get(verb, event.action)
        changed = [str(FIELD_LABELS.get(k, k)) for k in sorted(after)] if verb == "update" else []
        entries.append(
            HistoryEntry(
                when=event.created_at,
                actor=event.actor.full_name if event.actor else str(_l("System")),
                title=str(title),
                from_state=from_state,
                to_state=to_state,
                changed=changed,
                note=event.note,
            )
        )
    return entries


def _state(state_enum, value):
    try:
        return state_enum(value) if value else None
    except ValueError:
        return None
