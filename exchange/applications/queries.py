"""Reading applications: the timeline of changes, a student's applications, and how
applications use calls and programs (answers to the hooks of exchange/programs/calls.py)."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from exchange.applications.models import Application, ApplicationChoice, ApplicationDocument
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs.calls import choices_in_use, program_chosen


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


@choices_in_use.register
def most_choices(call) -> int:
    """The most programs one application of the call ranks (0 when there is none)."""
    counts = (
        select(func.count(ApplicationChoice.id).label("n"))
        .join(Application, Application.id == ApplicationChoice.application_id)
        .where(Application.call_id == call.id)
        .group_by(ApplicationChoice.application_id)
        .subquery()
    )
    return db.session.scalar(select(func.coalesce(func.max(counts.c.n), 0)))


@program_chosen.register
def is_chosen(program) -> bool:
    """Whether an application (of any state) ranks the program."""
    found = db.session.scalar(
        select(ApplicationChoice.id).where(ApplicationChoice.program_id == program.id).limit(1)
    )
    return found is not None
