"""Who may manage calls (application rounds) and move programs in and out of them.

Who: any coordinator creates and edits calls, which group programs across the university;
a program joins or leaves a call only by a coordinator whose scope covers the program's
agreement (as for editing the program itself). When: a cancelled program joins no call,
and a program already in another call must leave that one first. The services in
exchange/programs/calls.py check the remaining rules (same academic year, not chosen yet).
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from exchange.accounts.models import OrgUnit
from exchange.accounts.roles import Role
from exchange.partnerships.models import Partnership
from exchange.partnerships.policy import in_coordinator_scope
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.states import ProgramState


def _is_coordinator(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)) and user.has_role(
        Role.COORDINATOR
    )


def can_manage_calls(user) -> bool:
    return _is_coordinator(user)


def can_view_call(user, call: Call) -> bool:
    return _is_coordinator(user)


def can_edit_call(user, call: Call) -> bool:
    return _is_coordinator(user)


def can_move_program(user, program: Program) -> bool:
    """Put the program into a call or take it out: coordinators covering its agreement."""
    return in_coordinator_scope(user, program.partnership.org_unit_id)


def in_another_call(call: Call, program: Program) -> bool:
    return program.call_id is not None and program.call_id != call.id


def addable_programs_query(user, call: Call) -> Select:
    """Programs this user may add to the call: same academic year, not cancelled, in no
    call yet, under an agreement in the user's scope; by agreement, then title."""
    query = (
        select(Program)
        .join(Partnership, Partnership.id == Program.partnership_id)
        .where(
            Program.academic_year == call.academic_year,
            Program.state != ProgramState.CANCELLED,
            Program.call_id.is_(None),
        )
        .order_by(Partnership.title, Program.title, Program.id)
    )
    scope = list(user.scope_unit_ids)
    if scope:
        query = query.where(
            or_(
                Partnership.org_unit_id.in_(scope),
                Partnership.org_unit_id.in_(select(OrgUnit.id).where(OrgUnit.parent_id.in_(scope))),
            )
        )
    return query
