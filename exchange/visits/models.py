"""Faculty visit proposals and their attachments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.applications.states import ContentType
from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.extensions import db
from exchange.partnerships.states import MobilityType
from exchange.visits.states import STAFF_MOBILITY_TYPES, DocumentKind, VisitState, VisitType

MONEY = Numeric(10, 2)
COST_FIELDS = ("travel_cost", "subsistence_cost", "other_cost")
ACTUAL_COST_FIELDS = ("actual_travel_cost", "actual_subsistence_cost", "actual_other_cost")


def _not_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=f"{column}_not_negative")


class Visit(TimestampMixin, db.Model):
    """A faculty member's proposal to visit a partner under an agreement, and its outcome.

    The visit counts `days_on_site` against the agreement's OUTGOING staff condition of
    `mobility_type` (STA or STT) in `academic_year` (the year its first day falls in).
    """

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint(sql_in("state", VisitState.values()), name="state_known"),
        CheckConstraint(sql_in("visit_type", VisitType.values()), name="type_known"),
        CheckConstraint(
            sql_in("mobility_type", [m.value for m in STAFF_MOBILITY_TYPES]), name="staff_type"
        ),
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("days_on_site IS NULL OR days_on_site > 0", name="days_positive"),
        # Only a draft may lack its dates (and what follows from them).
        CheckConstraint(
            "state = 'draft' OR (start_date IS NOT NULL AND end_date IS NOT NULL "
            "AND days_on_site IS NOT NULL AND academic_year IS NOT NULL)",
            name="dates_after_draft",
        ),
        CheckConstraint(
            "teaching_hours IS NULL OR (teaching_hours >= 0 AND visit_type = 'teaching')",
            name="teaching_hours_for_teaching",
        ),
        # ISO 4217: three upper-case letters.
        CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency"),
        *(_not_negative(c) for c in COST_FIELDS + ACTUAL_COST_FIELDS),
        CheckConstraint(
            "state <> 'rejected' OR rejection_reason IS NOT NULL", name="rejected_has_reason"
        ),
        CheckConstraint(
            "state <> 'cancelled' OR cancellation_reason IS NOT NULL", name="cancelled_has_reason"
        ),
        CheckConstraint(
            "state NOT IN ('approved', 'completed') OR approved_at IS NOT NULL",
            name="approved_has_time",
        ),
        CheckConstraint("state <> 'completed' OR reported_at IS NOT NULL", name="completed_report"),
        Index("ix_visits_quota", "partnership_id", "mobility_type", "academic_year", "state"),
        Index("ix_visits_proposer_dates", "proposer_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    visit_type: Mapped[VisitType] = mapped_column(EnumString(VisitType, 20))
    # The outgoing staff condition (STA or STT) whose days the visit uses.
    mobility_type: Mapped[MobilityType] = mapped_column(EnumString(MobilityType, 3))
    state: Mapped[VisitState] = mapped_column(
        EnumString(VisitState, 20), default=VisitState.DRAFT, index=True
    )
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # Kept with the dates by the services so that staff days add up in SQL on every database.
    days_on_site: Mapped[int | None] = mapped_column(Integer)
    academic_year: Mapped[int | None] = mapped_column(Integer, index=True)

    # The host: one of the partner's contacts, or a person typed in (name kept either way).
    host_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution_contacts.id", ondelete="SET NULL")
    )
    host_name: Mapped[str | None] = mapped_column(String(200))
    host_email: Mapped[str | None] = mapped_column(String(254))

    purpose: Mapped[str | None] = mapped_column(Text)
    activities: Mapped[str | None] = mapped_column(Text)
    expected_outcomes: Mapped[str | None] = mapped_column(Text)
    teaching_hours: Mapped[int | None] = mapped_column(Integer)

    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    travel_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    subsistence_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    other_cost: Mapped[Decimal | None] = mapped_column(MONEY)

    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unit_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unit_approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The latest comments of a return for changes (the timeline keeps every one).
    return_comments: Mapped[str | None] = mapped_column(Text)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The report, filed after the end date; it completes the visit.
    report_done: Mapped[str | None] = mapped_column(Text)
    report_outcomes: Mapped[str | None] = mapped_column(Text)
    report_follow_ups: Mapped[str | None] = mapped_column(Text)
    actual_travel_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    actual_subsistence_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    actual_other_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposer = relationship("User", foreign_keys=[proposer_id], lazy="joined")
    partnership = relationship("Partnership", lazy="joined")
    host_contact = relationship("InstitutionContact")
    unit_approved_by = relationship("User", foreign_keys=[unit_approved_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    documents: Mapped[list[VisitDocument]] = relationship(
        back_populates="visit",
        cascade="all, delete-orphan",
        order_by="(VisitDocument.kind, VisitDocument.id)",
    )

    @property
    def requested_total(self) -> Decimal:
        return sum((getattr(self, f) or Decimal(0) for f in COST_FIELDS), Decimal(0))

    @property
    def actual_total(self) -> Decimal | None:
        if self.reported_at is None:
            return None
        return sum((getattr(self, f) or Decimal(0) for f in ACTUAL_COST_FIELDS), Decimal(0))

    @property
    def title(self) -> str:
        partner = self.partnership.partner.name if self.partnership else ""
        return f"{self.visit_type.label}: {partner}"

    def __str__(self) -> str:
        return self.title


class VisitDocument(db.Model):
    """An attachment of a proposal (invitation letter, programme), kept in the database."""

    __tablename__ = "visit_documents"
    __table_args__ = (
        CheckConstraint(sql_in("kind", DocumentKind.values()), name="kind_known"),
        CheckConstraint(sql_in("content_type", ContentType.values()), name="content_type_known"),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(EnumString(DocumentKind, 20))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    content_type: Mapped[ContentType] = mapped_column(EnumString(ContentType, 40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="documents")
