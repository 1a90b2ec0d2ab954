"""Selection tables: score inputs the office records, score rules of a call, allocation runs
and the waiting lists a committed run leaves.

The database keeps what must never break: an interview score and an adjustment stay in their
ranges and an adjustment carries its written reason; a rule gives a non-zero number of points;
a run's state is known, a finished run has its result, a committed one says who committed it
and when, a failed one why; only one run per call and round is committed (partial unique
index); an application is on a program's waiting list once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in
from exchange.extensions import db
from exchange.selection.states import MechanismLabel, RuleKind, RunState, TieRuleLabel

MAX_POINTS = 100


class ApplicationScore(TimestampMixin, db.Model):
    """What the office adds to an application's score: the interview and a manual adjustment."""

    __tablename__ = "selection_application_scores"
    __table_args__ = (
        CheckConstraint(
            "interview_score IS NULL OR (interview_score >= 0 AND interview_score <= 100)",
            name="interview_range",
        ),
        CheckConstraint(
            f"adjustment >= -{MAX_POINTS} AND adjustment <= {MAX_POINTS}", name="adjustment_range"
        ),
        CheckConstraint(
            "adjustment = 0 OR (adjustment_reason IS NOT NULL AND length(adjustment_reason) > 0)",
            name="adjustment_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    interview_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    adjustment: Mapped[Decimal] = mapped_column(
        Numeric(5, 2), default=Decimal(0), server_default="0"
    )
    adjustment_reason: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ScoreRule(TimestampMixin, db.Model):
    """A bonus (points > 0) or penalty (points < 0) of a call's published formula."""

    __tablename__ = "selection_score_rules"
    __table_args__ = (
        UniqueConstraint("call_id", "label"),
        CheckConstraint(sql_in("kind", RuleKind.values()), name="kind_known"),
        CheckConstraint(
            f"points <> 0 AND points >= -{MAX_POINTS} AND points <= {MAX_POINTS}",
            name="points_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RuleKind] = mapped_column(EnumString(RuleKind, 30))
    label: Mapped[str] = mapped_column(String(120))
    points: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class ScoreFlag(db.Model):
    """A manual rule a coordinator applied to one application."""

    __tablename__ = "selection_score_flags"
    __table_args__ = (UniqueConstraint("application_id", "rule_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("selection_score_rules.id", ondelete="CASCADE"), index=True
    )
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AllocationRun(TimestampMixin, db.Model):
    """One run of the engine over a call: its inputs, options and result, kept to reproduce.

    `round` is 1 for the first allocation of the call and n+1 for a run over the places still
    free after n committed rounds (issue 6: freed places).
    """

    __tablename__ = "selection_runs"
    __table_args__ = (
        CheckConstraint(sql_in("state", RunState.values()), name="state_known"),
        CheckConstraint(sql_in("mechanism", MechanismLabel.values()), name="mechanism_known"),
        CheckConstraint(sql_in("tie_rule", TieRuleLabel.values()), name="tie_rule_known"),
        CheckConstraint("seed >= 0", name="seed_not_negative"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint(
            "state NOT IN ('dry', 'committed') OR (result IS NOT NULL AND placed IS NOT NULL"
            " AND unplaced IS NOT NULL AND first_choice_rate IS NOT NULL)",
            name="finished_has_result",
        ),
        CheckConstraint(
            "(state = 'committed') = (committed_at IS NOT NULL)", name="committed_at_set"
        ),
        CheckConstraint("state <> 'failed' OR error IS NOT NULL", name="failed_has_error"),
        Index(
            "uq_selection_runs_committed_round",
            "call_id",
            "round",
            unique=True,
            postgresql_where=text("state = 'committed'"),
            sqlite_where=text("state = 'committed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    mechanism: Mapped[MechanismLabel] = mapped_column(EnumString(MechanismLabel, 30))
    tie_rule: Mapped[TieRuleLabel] = mapped_column(EnumString(TieRuleLabel, 30))
    seed: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[RunState] = mapped_column(EnumString(RunState, 20), default=RunState.RUNNING)
    # The engine's inputs (inputs_to_dict) plus the score components shown on the result page.
    inputs: Mapped[dict] = mapped_column(JSON)
    # sha256 of the engine inputs: a commit compares it with the inputs as they are now.
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict | None] = mapped_column(JSON)
    placed: Mapped[int | None] = mapped_column(Integer)
    unplaced: Mapped[int | None] = mapped_column(Integer)
    first_choice_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    progress: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    committed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    call = relationship("Call")
    created_by = relationship("User", foreign_keys=[created_by_id])
    committed_by = relationship("User", foreign_keys=[committed_by_id])

    @property
    def is_finished(self) -> bool:
        return self.state not in (RunState.RUNNING,)

    def __repr__(self) -> str:
        return f"<AllocationRun {self.id} call={self.call_id} {self.state}>"


class WaitlistEntry(db.Model):
    """An application's place on a program's waiting list, from a committed run."""

    __tablename__ = "selection_waitlist_entries"
    __table_args__ = (
        UniqueConstraint("program_id", "application_id"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("selection_runs.id", ondelete="CASCADE"), index=True
    )

    program = relationship("Program")
    application = relationship("Application")
