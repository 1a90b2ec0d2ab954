"""Helpers shared by the application service tests: row counts, audit actions, outbox mail."""

from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage


def count_rows(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_actions(application) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "applications", AuditEvent.object_id == application.id)
            .order_by(AuditEvent.id)
        )
    )


def mails_to(person) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == person.email))
    )


# --- start ----------------------------------------------------------------------------------
