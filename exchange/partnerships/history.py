"""The history of an agreement (and of any audited record): who changed what, and when.

Read from the audit trail; the agreement's history also shows the changes to its parts
(conditions, signatories, documents) as one timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal_column, or_, select, union_all

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.documents import size_label
from exchange.partnerships.kinds import Side
from exchange.partnerships.models import (
    AgreementDocument,
    CooperationCondition,
    Partnership,
    Signatory,
)
from exchange.partnerships.states import Direction, MobilityType, PartnershipState


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    actor: str
    title: str
    from_state: object | None
    to_state: object | None
    changed: list[str]
    note: str | None
    # What the entry is about when it is not the object itself (a condition, a signatory).
    detail: str | None = None


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
    "direction": _l("direction"),
    "places_per_year": _l("places per year"),
    "months_per_year": _l("months per year"),
    "days_per_year": _l("days per year"),
    "side": _l("side"),
    "position": _l("position"),
    "signed_on": _l("signing date"),
    "filename": _l("file name"),
    "size": _l("size"),
    "sha256": _l("checksum"),
}

_TITLES = {
    "create": _l("Created"),
    "update": _l("Edited"),
}

# Changes to the pieces of an agreement, shown in the agreement's own history.
_PART_TITLES = {
    "condition.create": _l("Cooperation condition added"),
    "condition.update": _l("Cooperation condition edited"),
    "condition.delete": _l("Cooperation condition deleted"),
    "signatory.create": _l("Signatory added"),
    "signatory.update": _l("Signatory edited"),
    "signatory.delete": _l("Signatory removed"),
    "agreement_document.upload": _l("Agreement document uploaded"),
    "agreement_document.replace": _l("Agreement document replaced"),
}
_PART_TYPES = ("cooperation_conditions", "signatories", "agreement_documents")
_DELETE_ACTIONS = ("condition.delete", "signatory.delete")


def history(obj, state_enum) -> list[HistoryEntry]:
    """The audit trail of one object, newest first, in words a coordinator reads."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == obj.__tablename__, AuditEvent.object_id == obj.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    ).all()
    return [_entry(event, state_enum) for event in events]


def _entry(event: AuditEvent, state_enum, title=None, detail=None) -> HistoryEntry:
    verb = event.action.rpartition(".")[2]
    before, after = event.before or {}, event.after or {}
    from_state = to_state = None
    if title is None and verb not in _TITLES and "state" in after:
        from_state = _state(state_enum, before.get("state"))
        to_state = _state(state_enum, after.get("state"))
        title = _l("Status changed")
    elif title is None:
        title = _TITLES.get(verb, event.action)
    changed = [str(FIELD_LABELS.get(k, k)) for k in sorted(after)] if verb == "update" else []
    return HistoryEntry(
        when=event.created_at,
        actor=event.actor.full_name if event.actor else str(_l("System")),
        title=str(title),
        from_state=from_state,
        to_state=to_state,
        changed=changed,
        note=event.note,
        detail=detail,
    )


def _part_ids(partnership_id: int) -> dict[str, set[int]]:
    """Ids of the agreement's conditions, signatories and document, deleted ones included
    (found through their delete records), in one query."""

    def current(name, model):
        return select(literal_column(f"'{name}'").label("kind"), model.id.label("id")).where(
            model.partnership_id == partnership_id
        )

    deleted = select(AuditEvent.object_type, AuditEvent.object_id).where(
        AuditEvent.object_type.in_(_PART_TYPES[:2]),
        AuditEvent.action.in_(_DELETE_ACTIONS),
        AuditEvent.before["partnership_id"].as_integer() == partnership_id,
    )
    rows = db.session.execute(
        union_all(
            current("cooperation_conditions", CooperationCondition),
            current("signatories", Signatory),
            current("agreement_documents", AgreementDocument),
            deleted,
        )
    ).all()
    ids: dict[str, set[int]] = {name: set() for name in _PART_TYPES}
    for kind, object_id in rows:
        if object_id is not None:
            ids[kind].add(object_id)
    return ids


def partnership_history(partnership: Partnership) -> list[HistoryEntry]:
    """The agreement's trail with its conditions, signatories and document, newest first.

    Two queries whatever the number of events: the parts' ids, then their audit records.
    """
    ids = _part_ids(partnership.id)
    clauses = [
        and_(
            AuditEvent.object_type == Partnership.__tablename__,
            AuditEvent.object_id == partnership.id,
        )  # fmt: skip
    ]
    clauses += [
        and_(AuditEvent.object_type == kind, AuditEvent.object_id.in_(sorted(found)))
        for kind, found in ids.items()
        if found
    ]
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(*clauses))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    ).all()
    conditions = {c.id: c for c in partnership.conditions}
    signatories = {s.id: s for s in partnership.signatories}
    entries = []
    for event in events:
        if event.object_type == Partnership.__tablename__:
            entries.append(_entry(event, PartnershipState))
            continue
        detail = _part_detail(event, conditions, signatories)
        entries.append(
            _entry(event, PartnershipState, _PART_TITLES.get(event.action, event.action), detail)
        )
    return entries


def _part_detail(event: AuditEvent, conditions: dict, signatories: dict) -> str | None:
    # The full picture: what the object says now, or what it said when it was deleted.
    data = dict(event.before or {}) | dict(event.after or {})
    if event.object_type == "cooperation_conditions":
        current = conditions.get(event.object_id)
        direction = current.direction if current else data.get("direction")
        kind = current.mobility_type if current else data.get("mobility_type")
        if direction in Direction.values() and kind in MobilityType.values():
            return f"{Direction(direction).label}, {MobilityType(kind).label}"
        return None
    if event.object_type == "signatories":
        current = signatories.get(event.object_id)
        name = current.name if current else data.get("name")
        side = current.side if current else data.get("side")
        side_label = Side(side).label if side in Side.values() else ""
        return f"{name} ({side_label})" if name else None
    if event.object_type == "agreement_documents" and event.after:
        name, size = event.after.get("filename"), event.after.get("size")
        return f"{name} · {size_label(size)}" if name and size else name
    return None


def _state(state_enum, value):
    try:
        return state_enum(value) if value else None
    except ValueError:
        return None
