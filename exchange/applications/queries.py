"""Reading applications: the timeline of changes, a student's applications."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from exchange.applications.models import Application, ApplicationDocument
from exchange.audit import AuditEvent
from exchange.extensions import db


def lock_for_update(application: Application) -> None:
    """Take the application's row lock (PostgreSQL; SQLite has one writer anyway) and re-read
    it, so that concurrent changes queue up and each one checks the state it really finds."""
    db.session.execute(
        select(Application.id).where(Application.id == application.id).with_for_update()
    )
    db.session.refresh(application)


def timeline(application: Application) -> list[AuditEvent]:
    """Every recorded change of the application and of its documents, oldest first.

    Staff-only events (reviews, from issue 5) must be filtered by the caller before a
    student sees the list.
    """
    document_ids = select(ApplicationDocument.id).where(
        ApplicationDocument.application_id == application.id
    )
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                or_(
                    and_(
                        AuditEvent.object_type == Application.__tablename__,
                        AuditEvent.object_id == application.id,
                    ),
                    and_(
                        AuditEvent.object_type == ApplicationDocument.__tablename__,
                        AuditEvent.object_id.in_(document_ids),
                    ),
                )
            )
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
    )


def applications_of(student) -> list[Application]:
    """The student's applications, newest first (call and choices loaded with them)."""
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.student_id == student.id)
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )
