"""The placement dashboard of a call: where every result stands, and the seats per program.

Five statements whatever the number of applications: the call's applications per state (as
the coordinator may see them), the outcomes per program and state, the waiting list per
program (applications that ranked it), the nominations per program, and the objections per
state. Seats held come from `programs.seats_held`, the count the database keeps
(exchange/applications/seats.py), so the "free" column is the truth the offers obey.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from exchange.applications.models import Application, ApplicationChoice
from exchange.applications.policy import visible_applications_clause
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.placements.nominations.models import ACTIVE, Nomination, PartnerAnswer
from exchange.placements.objections.policy import objection_counts
from exchange.placements.objections.services import ObjectionState

S = ApplicationState
# The columns of the dashboard, in the order of an application's life after selection.
COLUMNS = (S.SELECTED, S.OFFERED, S.ACCEPTED, S.PLACED, S.DECLINED, S.EXPIRED)
TOTALS = (S.SELECTED, S.OFFERED, S.ACCEPTED, S.DECLINED, S.EXPIRED, S.WAITLISTED, S.PLACED,
          S.NOT_SELECTED, S.WITHDRAWN, S.CANCELLED)  # fmt: skip


@dataclass
class ProgramRow:
    program: object
    counts: dict = field(default_factory=dict)
    waitlisted: int = 0
    nominated: int = 0
    returned: int = 0

    @property
    def seats(self) -> int:
        return self.program.seats

    @property
    def held(self) -> int:
        return self.program.seats_held or 0

    @property
    def free(self) -> int:
        return max(self.seats - self.held, 0)


@dataclass
class Dashboard:
    totals: dict
    programs: list[ProgramRow]
    objections: dict
    nominated: int
    returned: int

    @property
    def seats(self) -> int:
        return sum(r.seats for r in self.programs)

    @property
    def held(self) -> int:
        return sum(r.held for r in self.programs)

    @property
    def free(self) -> int:
        return sum(r.free for r in self.programs)

    @property
    def open_objections(self) -> int:
        return self.objections.get(ObjectionState.LODGED, 0)

    @property
    def empty(self) -> bool:
        return not any(self.totals.values())


def call_dashboard(user, call) -> Dashboard:
    """The numbers of one call's placement, for a coordinator (see the module docstring)."""
    by_state = dict(db.session.execute(
        select(Application.state, func.count(Application.id))
        .where(Application.call_id == call.id, visible_applications_clause(user))
        .group_by(Application.state)
    ).all())  # fmt: skip
    totals = {state: by_state.get(state, 0) for state in TOTALS}
    rows = {p.id: ProgramRow(p, counts={s: 0 for s in COLUMNS}) for p in call.programs}

    outcomes = db.session.execute(
        select(Application.outcome_program_id, Application.state, func.count(Application.id))
        .where(Application.call_id == call.id, Application.outcome_program_id.is_not(None))
        .group_by(Application.outcome_program_id, Application.state)
    ).all()
    for program_id, state, n in outcomes:
        if program_id in rows and state in rows[program_id].counts:
            rows[program_id].counts[state] = n

    waiting = db.session.execute(
        select(ApplicationChoice.program_id, func.count(ApplicationChoice.id))
        .join(Application, Application.id == ApplicationChoice.application_id)
        .where(Application.call_id == call.id, Application.state == S.WAITLISTED)
        .group_by(ApplicationChoice.program_id)
    ).all()
    for program_id, n in waiting:
        if program_id in rows:
            rows[program_id].waitlisted = n

    nominated = defaultdict(lambda: [0, 0])
    for program_id, answer, n in db.session.execute(
        select(Nomination.program_id, Nomination.partner_answer, func.count(Nomination.id))
        .join(Application, Application.id == Nomination.application_id)
        .where(Application.call_id == call.id, Nomination.status.in_(list(ACTIVE)))
        .group_by(Nomination.program_id, Nomination.partner_answer)
    ).all():  # fmt: skip
        nominated[program_id][0] += n
        if answer == PartnerAnswer.REJECTED:
            nominated[program_id][1] += n
    for program_id, (n, returned) in nominated.items():
        if program_id in rows:
            rows[program_id].nominated, rows[program_id].returned = n, returned

    return Dashboard(
        totals=totals,
        programs=list(rows.values()),
        objections=objection_counts(user, call),
        nominated=sum(v[0] for v in nominated.values()),
        returned=sum(v[1] for v in nominated.values()),
    )
