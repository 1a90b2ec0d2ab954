"""The rubric of a call, review assignments, reviews with their scores, and the opening of a
call's review phase.

The database keeps what must never break: a criterion's range is not empty and its weight is
positive; a reviewer is assigned to an application once; a conflicted assignment carries its
reason; a review belongs to one assignment and scores each criterion at most once; a score
points at its criterion with RESTRICT, so a criterion in use cannot be deleted; a submitted
review has a recommendation and a submission time. Ranges of scores (a criterion's min and
max) span two tables: the services check them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.extensions import db
from exchange.reviews.states import AssignmentStatus, Recommendation, ReviewStatus

NAME_MAX = 120
WEIGHT_MAX = 100
SCORE_LIMIT = 1000


class RubricCriterion(TimestampMixin, db.Model):
    """One scored criterion of a call's rubric; `position` orders the rubric."""

    __tablename__ = "rubric_criteria"
    __table_args__ = (
        UniqueConstraint("call_id", "name"),
        CheckConstraint("max_score > min_score", name="range_not_empty"),
        CheckConstraint(f"weight > 0 AND weight <= {WEIGHT_MAX}", name="weight_positive"),
        CheckConstraint(
            f"min_score >= -{SCORE_LIMIT} AND max_score <= {SCORE_LIMIT}", name="range_bounded"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[int] = mapped_column(Integer)
    min_score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    call = relationship("Call")

    def __repr__(self) -> str:
        return f"<RubricCriterion {self.id} {self.name!r}>"


class ReviewOpening(db.Model):
    """The day a coordinator opened a call's review phase (one row per call, once)."""

    __tablename__ = "review_openings"

    call_id: Mapped[int] = mapped_column(
        ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # The call reads its opening as `call.review_opening` (loaded lazily, or in bulk by the
    # lists), so the phase can be told without changing the Call model.
    call = relationship(
        "Call", backref=backref("review_opening", uselist=False, lazy="select", viewonly=True)
    )
    opened_by = relationship("User")


class ReviewAssignment(TimestampMixin, db.Model):
    """A faculty member asked to review one application."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id"),
        CheckConstraint(sql_in("status", AssignmentStatus.values()), name="status_known"),
        CheckConstraint(
            "(status = 'conflicted' AND conflict_reason IS NOT NULL"
            " AND conflict_declared_at IS NOT NULL)"
            " OR (status = 'active' AND conflict_reason IS NULL"
            " AND conflict_declared_at IS NULL AND replacement_id IS NULL)",
            name="conflict_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    # The unique (application_id, reviewer_id) index serves applications; reviewers need theirs.
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[AssignmentStatus] = mapped_column(
        EnumString(AssignmentStatus, 12), default=AssignmentStatus.ACTIVE
    )
    conflict_reason: Mapped[str | None] = mapped_column(Text)
    conflict_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The assignment that took over after a conflict; NULL while a replacement is needed.
    replacement_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="SET NULL")
    )

    application = relationship("Application", lazy="joined")
    reviewer = relationship("User", foreign_keys=[reviewer_id], lazy="joined")
    assigned_by = relationship("User", foreign_keys=[assigned_by_id])
    replacement: Mapped[ReviewAssignment | None] = relationship(
        remote_side=[id], foreign_keys=[replacement_id]
    )
    review: Mapped[Review | None] = relationship(
        back_populates="assignment", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.status == AssignmentStatus.ACTIVE

    @property
    def needs_replacement(self) -> bool:
        return self.status == AssignmentStatus.CONFLICTED and self.replacement_id is None

    def __repr__(self) -> str:
        return f"<ReviewAssignment {self.id} app={self.application_id} {self.status}>"


class Review(TimestampMixin, db.Model):
    """A reviewer's assessment of one application. Created with its assignment (empty, as a
    draft) so that every edit, the first included, carries a version to lock on."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("assignment_id"),
        CheckConstraint(sql_in("status", ReviewStatus.values()), name="status_known"),
        CheckConstraint(
            "recommendation IS NULL OR " + sql_in("recommendation", Recommendation.values()),
            name="recommendation_known",
        ),
        CheckConstraint(
            "status <> 'submitted' OR (submitted_at IS NOT NULL AND recommendation IS NOT NULL)",
            name="submitted_complete",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE")
    )
    status: Mapped[ReviewStatus] = mapped_column(
        EnumString(ReviewStatus, 10), default=ReviewStatus.DRAFT
    )
    recommendation: Mapped[Recommendation | None] = mapped_column(EnumString(Recommendation, 20))
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last save by the reviewer (NULL: never opened for writing, "not started").
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic locking: an UPDATE from a stale copy matches no row and fails.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    assignment: Mapped[ReviewAssignment] = relationship(back_populates="review")
    scores: Mapped[list[ReviewScore]] = relationship(
        back_populates="review", cascade="all, delete-orphan", lazy="selectin"
    )

    def score_for(self, criterion_id: int) -> int | None:
        return next((s.score for s in self.scores if s.criterion_id == criterion_id), None)

    def __repr__(self) -> str:
        return f"<Review {self.id} {self.status} v{self.version}>"


class ReviewScore(db.Model):
    """The score a review gives one criterion."""

    __tablename__ = "review_scores"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    # RESTRICT: a criterion someone scored stays (the rubric service says why, in words).
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("rubric_criteria.id", ondelete="RESTRICT"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion = relationship("RubricCriterion", lazy="joined")
