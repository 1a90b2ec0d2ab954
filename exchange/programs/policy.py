"""Who may see and change programs, and the calls (application rounds) that group them.

Who: coordinators whose scope covers a program's agreement edit it, change its state and
move it in and out of calls; any coordinator creates and edits calls, which group programs
across the university; faculty see the programs of agreements they see; students see
published and closed programs. When: the program's state; a cancelled program joins no call,
and a program already in another call must leave that one first. The services in
exchange/programs/calls.py check the remaining rules (same academic year, not chosen yet).
"""

from __future__ import annotations

from sqlalchemy import Select, select

from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope, unit_clause
from exchange.partnerships.models import Partnership
from exchange.partnerships.policy import can_view_partnership
from exchange.partnerships.states import FINAL
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.states import ProgramState


def can_create_program(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_view_program(user, program: Program) -> bool:
    if has_role(user, Role.COORDINATOR):
        return True
    if has_role(user, Role.FACULTY) and can_view_partnership(user, program.partnership):
        return True
    # Students see published calls only; drafts do not exist for them.
    return has_role(user, Role.STUDENT) and program.state in (
        ProgramState.PUBLISHED,
        ProgramState.CLOSED,
    )


def can_edit_program(user, program: Program) -> bool:
    return in_scope(user, program.partnership.org_unit_id) and program.state in (
        ProgramState.DRAFT,
        ProgramState.PUBLISHED,
    )


def can_change_program_state(user, program: Program) -> bool:
    return in_scope(user, program.partnership.org_unit_id) and (
        program.state != ProgramState.CANCELLED
    )


def can_create_program_under(user, partnership) -> bool:
    """Open a call under this agreement: it is not final and the coordinator covers its unit."""
    return in_scope(user, partnership.org_unit_id) and partnership.state not in FINAL


# --- Calls ------------------------------------------------------------------------------------


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
