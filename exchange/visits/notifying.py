"""Tell people that a visit proposal changed: in-app notices and mail, through notify().

The proposer hears of every change of their visit (by mail when someone else made it);
approvers hear when a proposal reaches their step; the office hears of cancellations and
reports of visits it approved.
"""

from __future__ import annotations

from sqlalchemy import select

from exchange.accounts.models import User, UserRole
from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.notifications.notify import notify, site_path
from exchange.visits.chain import current_step
from exchange.visits.policy import may_take_office_step, may_take_unit_step
from exchange.visits.states import ApprovalStep


def _people_with(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role, User.is_active)
            .order_by(User.id)
        )
    )


def unit_approvers(visit) -> list[User]:
    """Unit heads and coordinators who may take the unit step of this visit."""
    unit = visit.proposer.org_unit
    heads = [unit.head, unit.parent.head if unit and unit.parent else None] if unit else []
    people = [h for h in heads if h is not None and h.has_role(Role.FACULTY)]
    people += [c for c in _people_with(Role.COORDINATOR) if may_take_unit_step(c, visit)]
    return [p for p in people if p.id != visit.proposer_id]


def office_approvers(visit) -> list[User]:
    return [
        c
        for c in _people_with(Role.COORDINATOR)
        if may_take_office_step(c, visit) and c.id != visit.proposer_id
    ]


def step_approvers(visit) -> list[User]:
    step = current_step(visit)
    if step == ApprovalStep.UNIT:
        return unit_approvers(visit)
    if step == ApprovalStep.OFFICE:
        return office_approvers(visit)
    return []


def approval_link(user, visit) -> str:
    """Where an approver decides: coordinators in their area, unit heads in the faculty one."""
    if user.has_role(Role.COORDINATOR):
        return site_path("coordinator.visit_approval_detail", visit_id=visit.id)
    return site_path("faculty.visit_approval_detail", visit_id=visit.id)


def tell_proposer(visit, *, event: str, title, body, actor) -> None:
    notify(
        [visit.proposer],
        kind=f"visit.{event}",
        title=str(title),
        body=str(body),
        link=site_path("faculty.visit_detail", visit_id=visit.id),
        obj=visit,
        mail=getattr(actor, "id", None) != visit.proposer_id,
    )


def tell_staff(people, visit, *, event: str, title, body, actor) -> None:
    """Approvers and office staff: each gets the link of their own area."""
    for person in people:
        if person.id == getattr(actor, "id", None) or person.id == visit.proposer_id:
            continue
        notify(
            [person],
            kind=f"visit.{event}",
            title=str(title),
            body=str(body),
            link=approval_link(person, visit),
            obj=visit,
        )
