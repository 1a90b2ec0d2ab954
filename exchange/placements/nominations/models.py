"""Nominations: the home office names a placed student to the partner (EWP `omobility`).

Status follows EWP's outgoing mobility (status-outgoing): nomination -> live -> recognized,
and cancelled from either of the first two. The partner's answer is kept beside it, as EWP's
receiving side does (status-incoming pending / verified / rejected; here pending / accepted /
rejected):

- accepted: the nomination STAYS "nomination"; it becomes "live" when the mobility starts (the
  coordinator marks it, from the planned arrival on), then "recognized" once the results are
  recognized at home. A database CHECK keeps live and recognized to accepted nominations.
- rejected (with the partner's reason): the student goes back to the coordinator. The next
  step is to offer another destination or cancel the placement; the nomination is cancelled
  so that a new one can be made for the new destination (at most one nomination that is not
  cancelled per application: a partial unique index).

Services check the rules, audit every change, notify the student and the coordinators
concerned, and flush; the request commits. A broken rule raises NominationError.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.enums import LabelledEnum
from exchange.extensions import db
from exchange.programs.states import Term
from exchange.reference import EQF_LEVELS, academic_year_label
from exchange.rules import RuleError
from exchange.workflow import Workflow

REASON_MAX = 2000


class NominationStatus(LabelledEnum):
    NOMINATION = "nomination", _l("Nominated"), "primary"
    LIVE = "live", _l("Mobility under way"), "success"
    RECOGNIZED = "recognized", _l("Recognized"), "dark"
    CANCELLED = "cancelled", _l("Cancelled"), "danger"


class PartnerAnswer(LabelledEnum):
    PENDING = "pending", _l("Awaiting the partner"), "warning"
    ACCEPTED = "accepted", _l("Accepted by the partner"), "success"
    REJECTED = "rejected", _l("Rejected by the partner"), "danger"


N = NominationStatus
nomination_workflow = Workflow("nomination", {
    N.NOMINATION: frozenset({N.LIVE, N.CANCELLED}),
    N.LIVE: frozenset({N.RECOGNIZED, N.CANCELLED}),
    N.RECOGNIZED: frozenset(),
    N.CANCELLED: frozenset(),
})  # fmt: skip
ACTIVE = frozenset({N.NOMINATION, N.LIVE, N.RECOGNIZED})
DATE_FIELDS = ["planned_arrival", "planned_departure"]


class Nomination(TimestampMixin, db.Model):
    __tablename__ = "nominations"
    __table_args__ = (
        CheckConstraint(sql_in("status", NominationStatus.values()), name="status_known"),
        CheckConstraint(sql_in("partner_answer", PartnerAnswer.values()), name="answer_known"),
        CheckConstraint(sql_in("term", Term.values()), name="term_known"),
        CheckConstraint("planned_departure > planned_arrival", name="departure_after_arrival"),
        CheckConstraint(
            "eqf_level IS NULL OR " + sql_in("eqf_level", EQF_LEVELS), name="eqf_known"
        ),  # fmt: skip
        CheckConstraint(
            "isced_code IS NULL OR length(isced_code) BETWEEN 2 AND 4", name="isced_length"
        ),  # fmt: skip
        CheckConstraint(
            "(partner_answer = 'pending' AND partner_answered_on IS NULL)"
            " OR (partner_answer <> 'pending' AND partner_answered_on IS NOT NULL)",
            name="answer_dated",
        ),
        CheckConstraint(
            "partner_answer <> 'rejected' OR partner_reason IS NOT NULL",
            name="rejection_has_reason",
        ),  # fmt: skip
        CheckConstraint(
            "status NOT IN ('live', 'recognized') OR partner_answer = 'accepted'",
            name="live_only_when_accepted",
        ),  # fmt: skip
        # One nomination that is not cancelled per application; cancelled ones stay on record.
        Index(
            "uq_nominations_application_active",
            "application_id",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),  # fmt: skip
        Index("ix_nominations_partner_year", "partner_id", "academic_year", "term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    # The destination nominated to (the application's outcome program at nomination time) and
    # its receiving institution, kept so that a later change of the placement shows.
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    partner_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="RESTRICT"))
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[Term] = mapped_column(EnumString(Term, 10))
    planned_arrival: Mapped[date] = mapped_column(Date)
    planned_departure: Mapped[date] = mapped_column(Date)
    # EQF level studied at departure and ISCED-F field of the nominee, chosen at nomination.
    eqf_level: Mapped[str | None] = mapped_column(String(1))
    isced_code: Mapped[str | None] = mapped_column(String(4))
    status: Mapped[NominationStatus] = mapped_column(
        EnumString(NominationStatus, 12), default=NominationStatus.NOMINATION, index=True
    )
    partner_answer: Mapped[PartnerAnswer] = mapped_column(
        EnumString(PartnerAnswer, 10), default=PartnerAnswer.PENDING
    )
    partner_answered_on: Mapped[date | None] = mapped_column(Date)
    partner_reason: Mapped[str | None] = mapped_column(Text)
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    application = relationship(
        "Application", lazy="joined",
        backref=backref("nominations", passive_deletes=True, order_by="Nomination.id"),
    )  # fmt: skip
    program = relationship("Program", lazy="joined")
    partner = relationship("Institution", lazy="joined")

    # The state attribute the workflow moves.
    @property
    def state(self) -> NominationStatus:
        return self.status

    @state.setter
    def state(self, value: NominationStatus) -> None:
        self.status = value

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def returned_to_office(self) -> bool:
        """Rejected by the partner and not yet cancelled: the coordinator must act."""
        return self.partner_answer == PartnerAnswer.REJECTED and self.status == N.NOMINATION

    def __repr__(self) -> str:
        return f"<Nomination {self.id} {self.status} {self.partner_answer}>"


class NominationError(RuleError):
    """A nomination change that breaks a rule; `field` names the form field."""


def default_dates(program) -> tuple[date, date]:
    """Planned arrival and departure proposed from the program's term (editable)."""
    year = program.academic_year
    return {
        Term.FIRST: (date(year, 9, 1), date(year + 1, 1, 31)),
        Term.SECOND: (date(year + 1, 2, 1), date(year + 1, 6, 30)),
        Term.YEAR: (date(year, 9, 1), date(year + 1, 6, 30)),
        Term.SUMMER: (date(year + 1, 7, 1), date(year + 1, 8, 31)),
    }[program.term]


def subject_areas(program) -> list[str]:
    """ISCED-F codes of the destination: the outgoing condition's of the program's type, or
    else the agreement's."""
    for condition in program.partnership.conditions:
        if (condition.direction == "outgoing" and condition.mobility_type == program.mobility_type
                and condition.subject_areas):  # fmt: skip
            return condition.subject_areas
    return program.partnership.subject_areas


def default_eqf(application) -> str | None:
    """The student's study level (EQF), or the program's only level, else unknown."""
    level = application.student.study_level
    if level is not None:
        return level.value
    levels = application.outcome_program.eqf_levels if application.outcome_program else []
    return levels[0] if len(levels) == 1 else None
