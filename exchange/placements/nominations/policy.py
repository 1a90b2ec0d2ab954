"""Who may nominate and change nominations, and the list queries that agree.

Who: coordinators whose scope covers the agreement of the destination program (university-
wide coordinators reach all). When: only a placed application without a nomination that is
not cancelled is nominated; dates change until the mobility ends; the partner's answer is
recorded once, on a nomination; status moves follow the nomination workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope, unit_clause
from exchange.applications.listing import parse_int
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.partnerships.models import Institution, Partnership
from exchange.placements.nominations.models import (
    ACTIVE,
    Nomination,
    NominationStatus,
    PartnerAnswer,
    nomination_workflow,
)
from exchange.placements.nominations.services import active_nomination
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.states import Term
from exchange.reference import academic_year_label, parse_academic_year


def _covers(user, program) -> bool:
    """The coordinator covers the agreement of this (destination) program."""
    return program is not None and in_scope(user, program.partnership.org_unit_id)


def can_list_nominations(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_nominate(user, application) -> bool:
    return (
        application.state == ApplicationState.PLACED
        and _covers(user, application.outcome_program)
        and active_nomination(application) is None
    )


def can_view_nomination(user, nomination: Nomination) -> bool:
    return _covers(user, nomination.program)


def can_edit_dates(user, nomination: Nomination) -> bool:
    return can_view_nomination(user, nomination) and nomination.status in (
        NominationStatus.NOMINATION, NominationStatus.LIVE)  # fmt: skip


def can_record_answer(user, nomination: Nomination) -> bool:
    return (
        can_view_nomination(user, nomination)
        and nomination.status == NominationStatus.NOMINATION
        and nomination.partner_answer == PartnerAnswer.PENDING
    )


def can_change_status(user, nomination: Nomination, target) -> bool:
    target = NominationStatus(target)
    if not (can_view_nomination(user, nomination)
            and nomination_workflow.allowed(nomination.status, target)):  # fmt: skip
        return False
    return target != NominationStatus.LIVE or nomination.partner_answer == PartnerAnswer.ACCEPTED


# --- List queries -------------------------------------------------------------------------


def _enum(enum, value):
    try:
        return enum(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class NominationFilters:
    """Partner, academic year, term, status and answer; unknown URL values are ignored."""

    partner_id: int | None = None
    academic_year: int | None = None
    term: Term | None = None
    status: NominationStatus | None = None
    answer: PartnerAnswer | None = None

    @classmethod
    def from_args(cls, args) -> NominationFilters:
        return cls(
            partner_id=parse_int(args.get("partner")),
            academic_year=parse_academic_year(args.get("year") or ""),
            term=_enum(Term, args.get("term")),
            status=_enum(NominationStatus, args.get("status")),
            answer=_enum(PartnerAnswer, args.get("answer")),
        )

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.partner_id, self.academic_year, self.term,
                                            self.status, self.answer))  # fmt: skip

    def args(self, **changes) -> dict:
        values = {
            "partner": self.partner_id,
            "year": academic_year_label(self.academic_year) or None,
            "term": self.term.value if self.term else None,
            "status": self.status.value if self.status else None,
            "answer": self.answer.value if self.answer else None,
        } | changes
        return {k: v for k, v in values.items() if v is not None}


def _program_scope(user):
    """Programs whose agreement's unit is in the user's scope (all for university-wide)."""
    return Program.partnership_id.in_(
        select(Partnership.id).where(unit_clause(user, Partnership.org_unit_id))
    )


def nominations_query(user, filters: NominationFilters) -> Select:
    """Nominations this coordinator may see (agrees with can_view_nomination), by partner,
    term and student; those returned by the partner first."""
    query = (
        select(Nomination)
        .join(Program, Program.id == Nomination.program_id)
        .join(Institution, Institution.id == Nomination.partner_id)
        .join(Application, Application.id == Nomination.application_id)
        .where(_program_scope(user))
    )
    if filters.partner_id is not None:
        query = query.where(Nomination.partner_id == filters.partner_id)
    if filters.academic_year is not None:
        query = query.where(Nomination.academic_year == filters.academic_year)
    if filters.term is not None:
        query = query.where(Nomination.term == filters.term)
    if filters.status is not None:
        query = query.where(Nomination.status == filters.status)
    if filters.answer is not None:
        query = query.where(Nomination.partner_answer == filters.answer)
    returned = (Nomination.partner_answer == PartnerAnswer.REJECTED) & (
        Nomination.status == NominationStatus.NOMINATION
    )
    return query.order_by(returned.desc(), Institution.name, Nomination.academic_year,
                          Nomination.term, Nomination.id)  # fmt: skip


def to_nominate_query(user, filters: NominationFilters) -> Select:
    """Placed applications in scope without a nomination that is not cancelled."""
    active = exists(
        select(Nomination.id).where(
            Nomination.application_id == Application.id, Nomination.status.in_(list(ACTIVE))
        )
    )
    query = (
        select(Application)
        .join(Program, Program.id == Application.outcome_program_id)
        .join(Partnership, Partnership.id == Program.partnership_id)
        .join(Institution, Institution.id == Partnership.partner_id)
        .where(Application.state == ApplicationState.PLACED, ~active, _program_scope(user))
        .order_by(Institution.name, Program.title, Application.id)
    )
    if filters.partner_id is not None:
        query = query.where(Partnership.partner_id == filters.partner_id)
    if filters.academic_year is not None:
        query = query.where(Program.academic_year == filters.academic_year)
    if filters.term is not None:
        query = query.where(Program.term == filters.term)
    return query


def partner_choices() -> Select:
    """Partners with a program in a call, for the filter (one statement)."""
    return (
        select(Institution)
        .where(Institution.id.in_(
            select(Partnership.partner_id).join(Program, Program.partnership_id == Partnership.id)
            .where(Program.call_id.in_(select(Call.id)))
        ))
        .order_by(Institution.name)
    )  # fmt: skip


def nominations(user, filters: NominationFilters) -> list[Nomination]:
    """Every nomination of nominations_query, for the exports."""
    return list(db.session.scalars(nominations_query(user, filters)).unique())


def to_nominate(user, filters: NominationFilters, limit: int) -> list[Application]:
    """The first `limit` applications of to_nominate_query, with their destinations."""
    return list(
        db.session.scalars(
            to_nominate_query(user, filters)
            .options(selectinload(Application.outcome_program))
            .limit(limit)
        )
    )


def earlier_nominations(nomination: Nomination) -> list[Nomination]:
    """The application's other nominations (an earlier destination, a cancelled one)."""
    return list(
        db.session.scalars(
            select(Nomination)
            .where(Nomination.application_id == nomination.application_id,
                   Nomination.id != nomination.id)
            .order_by(Nomination.id)
        )
    )  # fmt: skip
