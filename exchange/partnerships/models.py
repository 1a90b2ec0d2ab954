"""Institutions, partnerships (agreements) and their cooperation conditions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.extensions import db
from exchange.partnerships.kinds import DAYS_IN_MONTH, DeadlineKind, Semester, Side, month_name
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
        # The home institution runs Exchange; it is never archived.
        CheckConstraint("NOT (is_home AND archived_at IS NOT NULL)", name="home_not_archived"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(255))
    schac_code: Mapped[str] = mapped_column(String(120), unique=True)
    erasmus_code: Mapped[str | None] = mapped_column(String(30), unique=True)
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)
    # Archived partners stay on record (and in old agreements) but are hidden and not offered.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_units = relationship("OrgUnit", back_populates="institution", order_by="OrgUnit.name")
    partnerships: Mapped[list[Partnership]] = relationship(back_populates="partner")
    contacts: Mapped[list[InstitutionContact]] = relationship(
        back_populates="institution",
        cascade="all, delete-orphan",
        order_by="(InstitutionContact.name, InstitutionContact.id)",
    )
    factsheet: Mapped[Factsheet | None] = relationship(
        back_populates="institution", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

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
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="partnership",
        cascade="all, delete-orphan",
        order_by="(Signatory.side, Signatory.name, Signatory.id)",
    )
    document: Mapped[AgreementDocument | None] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", uselist=False
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
        CheckConstraint("months_per_year IS NULL OR months_per_year > 0", name="months_positive"),
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
    # ISCED-F codes this condition is limited to; empty means the agreement's subject areas.
    subject_areas_raw: Mapped[str] = mapped_column(
        "subject_areas", String(255), default="", server_default=""
    )

    partnership: Mapped[Partnership] = relationship(back_populates="conditions")

    @property
    def subject_areas(self) -> list[str]:
        return _split_codes(self.subject_areas_raw)

    @subject_areas.setter
    def subject_areas(self, codes) -> None:
        self.subject_areas_raw = _join_codes(codes)

    @property
    def eqf_levels(self) -> list[str]:
        return [c for c in _split_codes(self.eqf_levels_raw) if c in EQF_LEVELS]

    @eqf_levels.setter
    def eqf_levels(self, levels) -> None:
        self.eqf_levels_raw = _join_codes(levels)


class InstitutionContact(TimestampMixin, db.Model):
    """A person to write to at an institution (incoming coordinator, housing office, ...)."""

    __tablename__ = "institution_contacts"
    __table_args__ = (
        CheckConstraint("length(name) > 0", name="name_given"),
        # A contact nobody can reach is no contact.
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="reachable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)

    institution: Mapped[Institution] = relationship(back_populates="contacts")


class Factsheet(TimestampMixin, db.Model):
    """What a partner tells incoming students: deadlines, housing, visa, insurance, languages."""

    __tablename__ = "factsheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), unique=True
    )
    website: Mapped[str | None] = mapped_column(String(255))
    # ISO 639-1 codes, comma-separated and sorted.
    languages_raw: Mapped[str] = mapped_column("languages", String(100), default="")
    housing: Mapped[str | None] = mapped_column(Text)
    visa: Mapped[str | None] = mapped_column(Text)
    insurance: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[str | None] = mapped_column(Text)

    institution: Mapped[Institution] = relationship(back_populates="factsheet")
    deadlines: Mapped[list[FactsheetDeadline]] = relationship(
        back_populates="factsheet", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def languages(self) -> list[str]:
        return _split_codes(self.languages_raw)

    @languages.setter
    def languages(self, codes) -> None:
        self.languages_raw = _join_codes(codes)

    def deadline(self, semester, kind) -> FactsheetDeadline | None:
        for d in self.deadlines:
            if d.semester == semester and d.kind == kind:
                return d
        return None


def _valid_day_sql() -> str:
    cases = " ".join(f"WHEN {m} THEN {n}" for m, n in enumerate(DAYS_IN_MONTH, 1) if n != 31)
    return f"day <= CASE month {cases} ELSE 31 END"


class FactsheetDeadline(db.Model):
    """A yearly deadline, as a day and a month (EWP's gMonthDay), for one semester."""

    __tablename__ = "factsheet_deadlines"
    __table_args__ = (
        UniqueConstraint("factsheet_id", "semester", "kind"),
        CheckConstraint(sql_in("semester", Semester.values()), name="semester_known"),
        CheckConstraint(sql_in("kind", DeadlineKind.values()), name="kind_known"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_valid"),
        CheckConstraint("day >= 1", name="day_positive"),
        CheckConstraint(_valid_day_sql(), name="day_in_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    factsheet_id: Mapped[int] = mapped_column(
        ForeignKey("factsheets.id", ondelete="CASCADE"), index=True
    )
    semester: Mapped[Semester] = mapped_column(EnumString(Semester, 10))
    kind: Mapped[DeadlineKind] = mapped_column(EnumString(DeadlineKind, 12))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)

    factsheet: Mapped[Factsheet] = relationship(back_populates="deadlines")

    @property
    def label(self) -> str:
        return f"{self.day} {month_name(self.month)}"


class Signatory(TimestampMixin, db.Model):
    """A person who signs (or signed) an agreement for one side."""

    __tablename__ = "signatories"
    __table_args__ = (
        CheckConstraint(sql_in("side", Side.values()), name="side_known"),
        CheckConstraint("length(name) > 0", name="name_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[Side] = mapped_column(EnumString(Side, 10))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date | None] = mapped_column(Date)

    partnership: Mapped[Partnership] = relationship(back_populates="signatories")


class AgreementDocument(db.Model):
    """The signed agreement as a PDF, kept in the database so every app server can serve it."""

    __tablename__ = "agreement_documents"
    __table_args__ = (
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), unique=True
    )
    # As the uploader named it (any script), cleaned of paths and control characters.
    filename: Mapped[str] = mapped_column(String(255))
    # Deferred: pages show the name and size; only the download reads the bytes.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partnership: Mapped[Partnership] = relationship(back_populates="document")
    uploaded_by = relationship("User", lazy="joined")
