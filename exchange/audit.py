"""The audit trail: who changed what, from what, to what, and when."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Select, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor = relationship("User", lazy="joined")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str]) -> dict:
    """JSON-safe copy of some attributes, for an audit record's before and after."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(
    action: str,
    obj: Any = None,
    *,
    actor: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> AuditEvent:
    """Add one audit record to the session; the caller's transaction commits it."""
    if obj is not None and obj.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else "system"),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        before=before,
        after=after,
        note=note,
    )
    db.session.add(event)
    return event


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, so an edit's audit record reads as a diff."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- Reading the trail ------------------------------------------------------------------------


def distinct_values(column) -> list[str]:
    """Every value one column of the trail holds (an action, an object type), sorted."""
    return list(db.session.scalars(select(column).distinct().order_by(column)))


def events_query(
    *,
    action: str | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    actor_ids: Select | None = None,
) -> Select:
    """The trail filtered by action, object and the actors among `actor_ids`, newest first."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    if actor_ids is not None:
        query = query.where(AuditEvent.actor_id.in_(actor_ids))
    return query.order_by(AuditEvent.id.desc())


def latest_events(limit: int) -> list[AuditEvent]:
    return list(db.session.scalars(events_query().limit(limit)))
