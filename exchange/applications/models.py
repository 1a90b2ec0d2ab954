"""A student's application to a call: ranked choices, answers and documents.

The database keeps the rules that must never break: one application per student per call,
one program per rank and per application, at most one current document per type, and the
state tied to its data (a submitted application has a submission time, a withdrawn one a
withdrawal time). The rest (programs in the call, the choice limit) is the services' job.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.applications.states import (
    FINAL,
    ApplicationState,
    ContentType,
    DocumentStatus,
)
from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.extensions import db
from exchange.programs.states import DocumentType
from exchange.reference import CEFR_LEVELS

S = ApplicationState
# States an application may be in without ever having been submitted.
UNSUBMITTED = [S.DRAFT.value, S.WITHDRAWN.value, S.CANCELLED.value]


class Application(TimestampMixin, db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("student_id", "call_id"),
        CheckConstraint(sql_in("state", ApplicationState.values()), name="state_known"),
        # Every state past the draft was reached by a submission, and a draft has none.
        CheckConstraint(
            f"submitted_at IS NOT NULL OR {sql_in('state', UNSUBMITTED)}", name="submitted_at_set"
        ),
        CheckConstraint("state <> 'draft' OR submitted_at IS NULL", name="draft_not_submitted"),
        CheckConstraint(
            "(state = 'withdrawn' AND withdrawn_at IS NOT NULL)"
            " OR (state <> 'withdrawn' AND withdrawn_at IS NULL)",
            name="withdrawn_at_set",
        ),
        CheckConstraint(
            "withdraw_reason IS NULL OR state = 'withdrawn'", name="withdraw_reason_withdrawn"
        ),
        CheckConstraint(
            "language_level IS NULL OR " + sql_in("language_level", CEFR_LEVELS),
            name="language_level_known",
        ),
        CheckConstraint("language IS NULL OR length(language) = 2", name="language_iso639_1"),
        CheckConstraint(
            "gpa_at_submission IS NULL OR gpa_at_submission >= 0", name="gpa_not_negative"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique (student_id, call_id) index serves lookups by student; calls need their own.
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="RESTRICT"), index=True)
    state: Mapped[ApplicationState] = mapped_column(
        EnumString(ApplicationState, 20), default=ApplicationState.DRAFT, index=True
    )
    # The overall motivation statement (each choice may add its own).
    motivation: Mapped[str | None] = mapped_column(Text)
    # The language answer: the language of study, the level held, and whether a certificate
    # proves it (the certificate itself is a document of type "language").
    language: Mapped[str | None] = mapped_column(String(2))
    language_level: Mapped[str | None] = mapped_column(String(2))
    has_language_certificate: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # "GPA as recorded": copied from the student's record at submission, frozen afterwards.
    gpa_at_submission: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdraw_reason: Mapped[str | None] = mapped_column(Text)
    # The program of the outcome: the one the application is selected for, offered, or placed
    # in (issues 5 and 6). Set by a committed selection run or a decision by hand; the seat
    # it holds is counted against the program's seats.
    outcome_program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    # The day by which an offer must be accepted or declined (issue 6).
    offer_deadline: Mapped[date | None] = mapped_column(Date)
    # Optimistic locking: an UPDATE from a stale copy fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    student = relationship("User", lazy="joined")
    call = relationship("Call", lazy="joined")
    outcome_program = relationship("Program", foreign_keys=[outcome_program_id])
    choices: Mapped[list[ApplicationChoice]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationChoice.rank",
        lazy="selectin",
    )
    documents: Mapped[list[ApplicationDocument]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationDocument.uploaded_at",
        lazy="selectin",
        foreign_keys="ApplicationDocument.application_id",
    )

    @property
    def is_final(self) -> bool:
        return self.state in FINAL

    @property
    def programs(self) -> list:
        return [choice.program for choice in self.choices]

    @property
    def current_documents(self) -> list[ApplicationDocument]:
        return [d for d in self.documents if d.status == DocumentStatus.CURRENT]

    def current_document(self, doc_type) -> ApplicationDocument | None:
        return next((d for d in self.current_documents if d.doc_type == doc_type), None)

    def rejected_awaiting_replacement(self, doc_type=None) -> list[ApplicationDocument]:
        """Rejected documents whose type has no current document yet."""
        current = {d.doc_type for d in self.current_documents}
        return [
            d
            for d in self.documents
            if d.status == DocumentStatus.REJECTED
            and d.doc_type not in current
            and (doc_type is None or d.doc_type == doc_type)
        ]

    def effective_deadline(self) -> date | None:
        """The earliest closing day among the chosen programs (see exchange/programs/calls.py)."""
        if self.choices:
            return min(choice.program.closes_on for choice in self.choices)
        return self.call.last_closing_day() if self.call is not None else None

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.state}>"


class ApplicationChoice(db.Model):
    """One ranked destination of an application; rank 1 is the student's first choice."""

    __tablename__ = "application_choices"
    __table_args__ = (
        UniqueConstraint("application_id", "rank"),
        UniqueConstraint("application_id", "program_id"),
        CheckConstraint("rank BETWEEN 1 AND 10", name="rank_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    motivation: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="choices")
    program = relationship("Program", lazy="joined")

    def __repr__(self) -> str:
        return f"<ApplicationChoice {self.application_id} #{self.rank} {self.program_id}>"


class ApplicationDocument(db.Model):
    """A file of an application, kept in the database with its row (one transaction, every
    app server reads it). Rejected and replaced versions stay, so the history shows."""

    __tablename__ = "application_documents"
    __table_args__ = (
        CheckConstraint(sql_in("doc_type", DocumentType.values()), name="doc_type_known"),
        CheckConstraint(sql_in("status", DocumentStatus.values()), name="status_known"),
        CheckConstraint(sql_in("content_type", ContentType.values()), name="content_type_known"),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_hex"),
        CheckConstraint(
            "status <> 'rejected' OR (rejected_at IS NOT NULL AND rejected_reason IS NOT NULL)",
            name="rejected_has_reason",
        ),
        CheckConstraint(
            "rejected_at IS NULL OR rejected_reason IS NOT NULL", name="rejection_complete"
        ),
        # At most one current document per type; rejected and replaced ones may pile up.
        Index(
            "uq_application_documents_current",
            "application_id",
            "doc_type",
            unique=True,
            postgresql_where=text("status = 'current'"),
            sqlite_where=text("status = 'current'"),
        ),
        Index("ix_application_documents_application_id", "application_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    doc_type: Mapped[DocumentType] = mapped_column(EnumString(DocumentType, 20))
    # As the student named it (any script), cleaned of paths and control characters; the
    # bytes are stored under the row's id, never under this name.
    filename: Mapped[str] = mapped_column(String(255))
    # Deferred: pages list names and sizes; only the download reads the bytes.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Detected from the first bytes, never taken from the browser or the file name.
    content_type: Mapped[ContentType] = mapped_column(EnumString(ContentType, 40))
    status: Mapped[DocumentStatus] = mapped_column(
        EnumString(DocumentStatus, 10), default=DocumentStatus.CURRENT
    )
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejected_reason: Mapped[str | None] = mapped_column(Text)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The earlier document of the same type this one replaced.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("application_documents.id", ondelete="SET NULL")
    )

    application: Mapped[Application] = relationship(
        back_populates="documents", foreign_keys=[application_id]
    )
    uploaded_by = relationship("User", foreign_keys=[uploaded_by_id])
    rejected_by = relationship("User", foreign_keys=[rejected_by_id])
    replaces: Mapped[ApplicationDocument | None] = relationship(
        remote_side=[id], foreign_keys=[replaces_id]
    )

    def __repr__(self) -> str:
        return f"<ApplicationDocument {self.id} {self.doc_type} {self.status}>"
