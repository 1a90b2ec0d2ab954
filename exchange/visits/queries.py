"""Lists of visits and of what a visit page shows, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from exchange.accounts.models import OrgUnit
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.policy import visible_partnerships_clause
from exchange.partnerships.states import Direction, PartnershipState
from exchange.visits import chain
from exchange.visits import staff_days as days
from exchange.visits.models import Visit, VisitDocument
from exchange.visits.policy import can_approve
from exchange.visits.states import IN_APPROVAL, STAFF_MOBILITY_TYPES, VisitState


def my_visits(user) -> list[Visit]:
    """The faculty member's own visits, soonest first, drafts without dates last."""
    return list(
        db.session.scalars(
            select(Visit)
            .where(Visit.proposer_id == user.id)
            .order_by(Visit.start_date.is_(None), Visit.start_date.desc(), Visit.id.desc())
        ).unique()
    )


def group_by_state(visits) -> list[tuple[VisitState, list[Visit]]]:
    """Visits grouped in the order of the workflow, only the states that have some."""
    groups = {state: [] for state in VisitState}
    for visit in visits:
        groups[visit.state].append(visit)
    return [(state, rows) for state, rows in groups.items() if rows]


def proposable_partnerships(user) -> list[Partnership]:
    """Active agreements the user may see that have an outgoing staff condition (STA/STT)."""
    staff = exists().where(
        CooperationCondition.partnership_id == Partnership.id,
        CooperationCondition.direction == Direction.OUTGOING,
        CooperationCondition.mobility_type.in_([m.value for m in STAFF_MOBILITY_TYPES]),
    )
    return list(
        db.session.scalars(
            select(Partnership)
            .join(Institution, Institution.id == Partnership.partner_id)
            .where(
                Partnership.state == PartnershipState.ACTIVE,
                visible_partnerships_clause(user),
                staff,
            )
            .options(
                selectinload(Partnership.conditions),
                selectinload(Partnership.partner).selectinload(Institution.contacts),
            )
            .order_by(Institution.name, Partnership.title, Partnership.id)
        ).unique()
    )


@dataclass(frozen=True)
class DaysRow:
    partnership: Partnership
    rows: list  # StaffDays per type and year


def remaining_days_overview(partnerships, years) -> list[DaysRow]:
    """Staff days allowed, used and left per offered agreement, type and year (2 queries)."""
    ids = [p.id for p in partnerships]
    table = days.staff_days_table(ids, years) if ids else []
    by_partnership: dict[int, list] = {}
    for row in table:
        by_partnership.setdefault(row.partnership_id, []).append(row)
    return [DaysRow(p, by_partnership.get(p.id, [])) for p in partnerships]


def offered_years(today: date | None = None) -> list[int]:
    """This academic year and the next: the years proposals are usually made for."""
    year = days.academic_year_of(today or date.today())
    return [year, year + 1]


def in_approval_visits() -> list[Visit]:
    return list(
        db.session.scalars(
            select(Visit)
            .where(Visit.state.in_(list(IN_APPROVAL)))
            .order_by(Visit.submitted_at, Visit.id)
        ).unique()
    )


def approval_queue(user) -> list[Visit]:
    """Visits waiting for this user's decision (filtered by the policy itself, so the two
    always agree; only visits in approval are read)."""
    return [v for v in in_approval_visits() if can_approve(user, v)]


def heads_some_unit(user) -> bool:
    return bool(
        db.session.scalar(select(exists().where(OrgUnit.head_id == getattr(user, "id", None))))
    )


def timeline(visit: Visit) -> list[AuditEvent]:
    """Every recorded change of the visit and of its files, oldest first."""
    document_ids = [d.id for d in visit.documents]
    visit_events = (AuditEvent.object_type == Visit.__tablename__) & (
        AuditEvent.object_id == visit.id
    )
    document_events = (AuditEvent.object_type == VisitDocument.__tablename__) & (
        AuditEvent.object_id.in_(document_ids or [-1])
    )
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(visit_events | document_events)
            .order_by(AuditEvent.created_at, AuditEvent.id)
        ).unique()
    )


ACTION_WORDS = {
    "visit.create": "Draft created",
    "visit.update": "Proposal changed",
    "visit.report": "Report filed",
    "visit_document.upload": "File added",
    "visit_document.remove": "File removed",
}


@dataclass(frozen=True)
class Entry:
    title: str
    to_state: VisitState | None
    note: str | None
    actor: str
    when: object
    changed: list


def timeline_entries(visit: Visit) -> list[Entry]:
    """The timeline in words: state changes with their notes, edits with the fields changed."""
    from flask_babel import gettext as _

    entries = []
    for event in timeline(visit):
        to_state = None
        if event.action.startswith("visit.") and event.action[6:] in VisitState.values():
            to_state = VisitState(event.action[6:])
        title = to_state.label if to_state else _(ACTION_WORDS.get(event.action, event.action))
        changed = sorted((event.after or {}).keys()) if event.action == "visit.update" else []
        if event.action.startswith("visit_document."):
            data = event.after or event.before or {}
            title = f"{title}: {data.get('filename', '')}"
        entries.append(
            Entry(
                title=title,
                to_state=to_state,
                note=event.note,
                actor=event.actor.full_name if event.actor else _("System"),
                when=event.created_at,
                changed=changed,
            )
        )
    return entries


def visit_days(visit: Visit, *, counting_it: bool = True) -> days.StaffDays | None:
    """The staff days of the visit's condition and year; the proposal form leaves it out."""
    if visit is None or visit.academic_year is None:
        return None
    return days.staff_days(
        visit.partnership, visit.mobility_type, visit.academic_year,
        exclude_visit_id=None if counting_it else visit.id,
    )  # fmt: skip


def page_facts(visit: Visit) -> dict:
    """What every page of one visit shows beside it (the proposer's page and the approvers'):
    the timeline, the staff days of its condition and year, and its approval chain."""
    return {
        "timeline": timeline_entries(visit),
        "visit_days": visit_days(visit),
        "step": chain.current_step(visit),
        "steps": chain.chain_for(visit.visit_type),
    }
