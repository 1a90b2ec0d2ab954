"""Who may manage calls (application rounds) and move programs in and out of them.

Who: any coordinator creates and edits calls, which group programs across the university;
a program joins or leaves a call only by a coordinator whose scope covers the program's
agreement (as for editing the program itself). When: a cancelled program joins no call,
and a program already in another call must leave that one first. The services in
exchange/programs/calls.py check the remaining rules (same academic year, not chosen yet).
"""

from __future__ import annotations

from sqlalchemy import Select, select

from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope, unit_clause
from exchange.partnerships.models import Partnership
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.states import ProgramState


def can_manage_calls(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_view_call(user, call: Call) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_edit_call(user, call: Call) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_move_program(user, program: Program) -> bool:
    """Put the program into a call or take it out: coordinators covering its agreement."""
    return in_scope(user, program.partnership.org_unit_id)


def in_another_call(call: Call, program: Program) -> bool:
    return program.call_id is not None and program.call_id != call.id


def addable_programs_query(user, call: Call) -> Select:
    """Programs this user may add to the call: same academic year, not cancelled, in no
    call yet, under an agreement in the user's scope; by agreement, then title."""
    return (
        select(Program)
        .join(Partnership, Partnership.id == Program.partnership_id)
        .where(
            Program.academic_year == call.academic_year,
            Program.state != ProgramState.CANCELLED,
            Program.call_id.is_(None),
            unit_clause(user, Partnership.org_unit_id),
        )
        .order_by(Partnership.title, Program.title, Program.id)
    )
