"""Who may see and change programs (calls)."""

from __future__ import annotations

from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope
from exchange.partnerships.policy import can_view_partnership
from exchange.partnerships.states import FINAL
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
