"""A program is a call for applications under one partnership, for one term or year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import EnumString, TimestampMixin, sql_in
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, _join_codes, _split_codes
from exchange.partnerships.states import MobilityType
from exchange.programs import quota
from exchange.programs.states import DocumentType, ProgramState, Term
from exchange.reference import CEFR_LEVELS, EQF_LEVELS, academic_year_label

program_org_units = Table(
    "program_org_units",
    db.metadata,
    Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True),
    Column("org_unit_id", ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True),
)


class Program(TimestampMixin, db.Model):
    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint(sql_in("state", ProgramState.values()), name="state_known"),
        CheckConstraint(sql_in("mobility_type", MobilityType.values()), name="type_known"),
        CheckConstraint(sql_in("term", Term.values()), name="term_known"),
        CheckConstraint("seats > 0", name="seats_positive"),
        # Seats set aside (selected, offered, accepted, placed): exchange/applications/seats.py.
        CheckConstraint("seats_held >= 0 AND seats_held <= seats", name="seats_held_range"),
        CheckConstraint("closes_on >= opens_on", name="window_in_order"),
        CheckConstraint("min_gpa IS NULL OR min_gpa >= 0", name="min_gpa_not_negative"),
        CheckConstraint(
            "cefr_level IS NULL OR " + sql_in("cefr_level", CEFR_LEVELS), name="cefr_known"
        ),
        CheckConstraint(
            "weight_gpa BETWEEN 0 AND 100 AND weight_language BETWEEN 0 AND 100 "
            "AND weight_review BETWEEN 0 AND 100 AND weight_interview BETWEEN 0 AND 100",
            name="weights_range",
        ),
        CheckConstraint(
            "weight_gpa + weight_language + weight_review + weight_interview = 100",
            name="weights_sum_100",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    mobility_type: Mapped[MobilityType] = mapped_column(EnumString(MobilityType, 3))
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[Term] = mapped_column(EnumString(Term, 10))
    seats: Mapped[int] = mapped_column(Integer)
    # Changed only by the conditional updates of exchange/applications/seats.py.
    seats_held: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    eqf_levels_raw: Mapped[str] = mapped_column("eqf_levels", String(20), default="")
    min_gpa: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    language: Mapped[str | None] = mapped_column(String(2))
    cefr_level: Mapped[str | None] = mapped_column(String(2))
    required_documents_raw: Mapped[str] = mapped_column(
        "required_documents", String(255), default=""
    )
    state: Mapped[ProgramState] = mapped_column(
        EnumString(ProgramState, 20), default=ProgramState.DRAFT
    )
    # Only students who have not been on an exchange before (checked at placement).
    first_timers_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # How many programs of the same call round a student may rank.
    # The published selection formula: weights in percent, adding up to 100.
    weight_gpa: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    weight_language: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    weight_review: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    weight_interview: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    partnership = relationship("Partnership", lazy="joined")
    org_units = relationship("OrgUnit", secondary=program_org_units, lazy="selectin")

    @property
    def eqf_levels(self) -> list[str]:
        return [c for c in _split_codes(self.eqf_levels_raw) if c in EQF_LEVELS]

    @eqf_levels.setter
    def eqf_levels(self, levels) -> None:
        self.eqf_levels_raw = _join_codes(levels)

    @property
    def required_documents(self) -> list[DocumentType]:
        known = set(DocumentType.values())
        return [DocumentType(c) for c in _split_codes(self.required_documents_raw) if c in known]

    @required_documents.setter
    def required_documents(self, docs) -> None:
        self.required_documents_raw = _join_codes(docs)

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def selection_formula(self) -> list[tuple[int, str]]:
        """The weighted criteria, heaviest first, leaving out those weighted zero."""
        parts = [
            (self.weight_gpa, str(_l("GPA"))),
            (self.weight_language, str(_l("language"))),
            (self.weight_review, str(_l("review score"))),
            (self.weight_interview, str(_l("interview"))),
        ]
        return sorted([(w, label) for w, label in parts if w], key=lambda part: -part[0])

    @property
    def selection_formula_label(self) -> str:
        """The formula as students read it: "50% GPA, 50% language"."""
        return ", ".join(f"{weight}% {label}" for weight, label in self.selection_formula)

    def is_open_on(self, day: date) -> bool:
        return self.state == ProgramState.PUBLISHED and self.opens_on <= day <= self.closes_on

    def __str__(self) -> str:
        return self.title

    # The application round (exchange/programs/calls.py) this program belongs to, if any.
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("calls.id", ondelete="SET NULL"), index=True
    )
    call = relationship("Call")


# The quota rule lives in the database too: see exchange/programs/quota.py.
quota.install(Program.__table__, CooperationCondition.__table__)


# Program.call names "Call" by string; importing its module here registers it with the mapper
# wherever programs are used (it imports Program back, which is defined by now).
from exchange.programs import calls as _calls  # noqa: E402,F401
