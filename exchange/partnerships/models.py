"""Institutions, partnerships (agreements) and their cooperation conditions."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import EnumString, TimestampMixin, sql_in
from exchange.extensions import db
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.reference import CEFR_LEVELS, EQF_LEVELS, academic_year_label


class Institution(TimestampMixin, db.Model):
    __tablename__ = "institutions"
    __table_args__ = (
        # Exactly one home institution: at most one by this index, at least one by the setup.
        Index(
            "uq_institutions_one_home",
            "is_home",
            unique=True,
            sqlite_where=text("is_home"),
            postgresql_where=text("is_home"),
        ),
        CheckConstraint("length(country) = 2", name="country_iso2"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(255))
    schac_code: Mapped[str] = mapped_column(String(120), unique=True)
    erasmus_code: Mapped[str | None] = mapped_column(String(30), unique=True)
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)

    org_units = relationship("OrgUnit", back_populates="institution", order_by="OrgUnit.name")
    partnerships: Mapped[list[Partnership]] = relationship(back_populates="partner")

    def __str__(self) -> str:
        return self.name


def _split_codes(raw: str | None) -> list[str]:
    return [c for c in (raw or "").split(",") if c]


def _join_codes(codes) -> str:
    return ",".join(sorted({str(c) for c in codes if c}))


class Partnership(TimestampMixin, db.Model):
    """An inter-institutional agreement with one partner, valid for a range of academic years."""

    __tablename__ = "partnerships"
    __table_args__ = (
        CheckConstraint(sql_in("state", PartnershipState.values()), name="state_known"),
        CheckConstraint("last_year >= first_year", name="years_in_order"),
        CheckConstraint("first_year BETWEEN 1990 AND 2200", name="first_year_plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    # The home unit that owns the agreement; none means university-wide.
    org_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[PartnershipState] = mapped_column(
        EnumString(PartnershipState, 20), default=PartnershipState.DRAFT
    )
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    subject_areas_raw: Mapped[str] = mapped_column("subject_areas", String(255), default="")
    notes: Mapped[str | None] = mapped_column(Text)

    partner: Mapped[Institution] = relationship(back_populates="partnerships", lazy="joined")
    org_unit = relationship("OrgUnit", lazy="joined")
    conditions: Mapped[list[CooperationCondition]] = relationship(
        back_populates="partnership",
        cascade="all, delete-orphan",
        order_by="(CooperationCondition.direction, CooperationCondition.mobility_type)",
    )

    @property
    def subject_areas(self) -> list[str]:
        return _split_codes(self.subject_areas_raw)

    @subject_areas.setter
    def subject_areas(self, codes) -> None:
        self.subject_areas_raw = _join_codes(codes)

    @property
    def validity_label(self) -> str:
        return f"{academic_year_label(self.first_year)} – {academic_year_label(self.last_year)}"

    def covers_year(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def __str__(self) -> str:
        return self.title


class CooperationCondition(db.Model):
    """What the agreement allows in one direction for one mobility type."""

    __tablename__ = "cooperation_conditions"
    __table_args__ = (
        UniqueConstraint("partnership_id", "direction", "mobility_type"),
        CheckConstraint(sql_in("direction", Direction.values()), name="direction_known"),
        CheckConstraint(sql_in("mobility_type", MobilityType.values()), name="type_known"),
        CheckConstraint("places_per_year > 0", name="places_positive"),
        CheckConstraint(
            "months_per_year IS NULL OR months_per_year > 0", name="months_positive"
        ),
        CheckConstraint("days_per_year IS NULL OR days_per_year > 0", name="days_positive"),
        CheckConstraint(
            "cefr_level IS NULL OR " + sql_in("cefr_level", CEFR_LEVELS), name="cefr_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[Direction] = mapped_column(EnumString(Direction, 10))
    mobility_type: Mapped[MobilityType] = mapped_column(EnumString(MobilityType, 3))
    places_per_year: Mapped[int] = mapped_column(Integer)
    # Students are counted in months, staff in days (EWP's total-months / total-days).
    months_per_year: Mapped[int | None] = mapped_column(Integer)
    days_per_year: Mapped[int | None] = mapped_column(Integer)
    eqf_levels_raw: Mapped[str] = mapped_column("eqf_levels", String(20), default="")
    language: Mapped[str | None] = mapped_column(String(2))
    cefr_level: Mapped[str | None] = mapped_column(String(2))

    partnership: Mapped[Partnership] = relationship(back_populates="conditions")

    @property
    def eqf_levels(self) -> list[str]:
        return [c for c in _split_codes(self.eqf_levels_raw) if c in EQF_LEVELS]

    @eqf_levels.setter
    def eqf_levels(self, levels) -> None:
        self.eqf_levels_raw = _join_codes(levels)
