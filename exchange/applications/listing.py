"""The office's lists: calls with their numbers, and one call's applications with filters.

Screen queries built on the domain's visibility rule (policy.visible_applications_clause), so
that a list never shows an application can_view would refuse: drafts stay the student's, and
coordinators scoped to org units see only applications that chose a program of an agreement
in their scope. Every function runs a fixed number of statements, whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, exists, func, or_, select

from exchange.accounts.models import OrgUnit, User
from exchange.accounts.roles import StudyLevel
from exchange.applications.models import Application, ApplicationChoice
from exchange.applications.policy import visible_applications_clause
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.programs.models import Program


def parse_int(value) -> int | None:
    """An id typed in a URL or a form: the number, or None for anything else."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _enum(enum, value):
    try:
        return enum(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ApplicationFilters:
    """What the coordinator narrowed the list to; unknown values from the URL are ignored."""

    state: ApplicationState | None = None
    program_id: int | None = None
    org_unit_id: int | None = None
    study_level: StudyLevel | None = None

    @classmethod
    def from_args(cls, args) -> ApplicationFilters:
        return cls(
            state=_enum(ApplicationState, args.get("state")),
            program_id=parse_int(args.get("program")),
            org_unit_id=parse_int(args.get("unit")),
            study_level=_enum(StudyLevel, args.get("level")),
        )

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.state, self.program_id, self.org_unit_id,
                                            self.study_level))  # fmt: skip

    def args(self, **changes) -> dict:
        """URL arguments for these filters, with some changed (None drops one)."""
        values = {
            "state": self.state.value if self.state else None,
            "program": self.program_id,
            "unit": self.org_unit_id,
            "level": self.study_level.value if self.study_level else None,
        } | changes
        return {k: v for k, v in values.items() if v is not None}


def _conditions(user, call: Call, filters: ApplicationFilters, *, with_state: bool) -> list:
    where = [Application.call_id == call.id, visible_applications_clause(user)]
    if with_state and filters.state is not None:
        where.append(Application.state == filters.state)
    if filters.program_id is not None:
        where.append(
            exists(
                select(ApplicationChoice.id).where(
                    ApplicationChoice.application_id == Application.id,
                    ApplicationChoice.program_id == filters.program_id,
                )
            )
        )
    if filters.org_unit_id is not None or filters.study_level is not None:
        student = select(User.id).where(User.id == Application.student_id)
        if filters.org_unit_id is not None:
            # A faculty includes its departments, as coordinator scopes do.
            children = select(OrgUnit.id).where(OrgUnit.parent_id == filters.org_unit_id)
            student = student.where(
                or_(User.org_unit_id == filters.org_unit_id, User.org_unit_id.in_(children))
            )
        if filters.study_level is not None:
            student = student.where(User.study_level == filters.study_level)
        where.append(exists(student))
    return where


def applications_query(user, call: Call, filters: ApplicationFilters) -> Select:
    """The call's applications this user may see, matching the filters, latest submission
    first. The student (with unit), choices and programs load with the page."""
    return (
        select(Application)
        .where(*_conditions(user, call, filters, with_state=True))
        .order_by(Application.submitted_at.desc(), Application.id.desc())
    )


def state_counts(user, call: Call, filters: ApplicationFilters) -> dict[ApplicationState, int]:
    """Applications per state under the other filters (the state filter is what the counts
    let the coordinator choose), in the order of the states; states with none left out."""
    rows = db.session.execute(
        select(Application.state, func.count(Application.id))
        .where(*_conditions(user, call, filters, with_state=False))
        .group_by(Application.state)
    ).all()
    found = {ApplicationState(state): count for state, count in rows}
    return {s: found[s] for s in ApplicationState if s in found}


@dataclass
class CallRow:
    """One call in the list, with its programs and the applications the user may see."""

    call: Call
    program_count: int = 0
    counts: dict[ApplicationState, int] = field(default_factory=dict)

    @property
    def application_count(self) -> int:
        return sum(self.counts.values())


def calls_query() -> Select:
    """Every call, the newest academic year first."""
    return select(Call).order_by(Call.academic_year.desc(), Call.title, Call.id)


def call_rows(user, calls: list[Call]) -> list[CallRow]:
    """The numbers for a page of calls: two grouped queries, whatever the page holds."""
    ids = [c.id for c in calls]
    programs: dict[int, int] = {}
    counts: dict[int, dict[ApplicationState, int]] = defaultdict(dict)
    if ids:
        programs = dict(
            db.session.execute(
                select(Program.call_id, func.count(Program.id))
                .where(Program.call_id.in_(ids))
                .group_by(Program.call_id)
            ).all()
        )
        for call_id, state, count in db.session.execute(
            select(Application.call_id, Application.state, func.count(Application.id))
            .where(Application.call_id.in_(ids), visible_applications_clause(user))
            .group_by(Application.call_id, Application.state)
        ):
            counts[call_id][ApplicationState(state)] = count
    return [
        CallRow(
            call=c,
            program_count=programs.get(c.id, 0),
            counts={s: counts[c.id][s] for s in ApplicationState if s in counts[c.id]},
        )
        for c in calls
    ]


def choice_counts(call: Call) -> dict[int, int]:
    """Applications (drafts included) that rank each program of the call: a program someone
    chose cannot leave the call, whoever may see the application."""
    return dict(
        db.session.execute(
            select(ApplicationChoice.program_id, func.count(ApplicationChoice.id))
            .join(Program, Program.id == ApplicationChoice.program_id)
            .where(Program.call_id == call.id)
            .group_by(ApplicationChoice.program_id)
        ).all()
    )


def paginate(query: Select, page: int | None, per_page: int):
    """One page of the query; a page past the end (a list that shrank since the link was
    made) shows the last page rather than an empty list that reads as "nothing matches"."""
    result = db.paginate(query, page=max(page or 1, 1), per_page=per_page, error_out=False)
    if not result.items and result.total and result.page > result.pages:
        result = db.paginate(query, page=result.pages, per_page=per_page, error_out=False)
    return result


def applied_counts(partnership_id: int) -> dict[int, int]:
    """Submitted, still active applications that rank each program of an agreement (any rank).

    Drafts are not applications yet, and withdrawn or cancelled ones no longer ask for a seat.
    """
    gone = [ApplicationState.DRAFT, ApplicationState.WITHDRAWN, ApplicationState.CANCELLED]
    return dict(
        db.session.execute(
            select(ApplicationChoice.program_id, func.count(ApplicationChoice.id))
            .join(Application, Application.id == ApplicationChoice.application_id)
            .join(Program, Program.id == ApplicationChoice.program_id)
            .where(Program.partnership_id == partnership_id, Application.state.not_in(gone))
            .group_by(ApplicationChoice.program_id)
        ).all()
    )
