"""Role x state x scope tables for every can_* in programs/policy.py."""

import pytest
from flask_login import AnonymousUserMixin

from exchange.accounts.models import CoordinatorScope
from exchange.extensions import db
from exchange.partnerships.states import PartnershipState
from exchange.programs import policy
from exchange.programs.states import ProgramState as S
from tests import factories as f

WHO = [
    "anonymous",
    "student",
    "faculty_own",
    "faculty_other",
    "coordinator",
    "coordinator_in_scope",
    "coordinator_out_of_scope",
    "admin",
]
CHANGERS = {"coordinator", "coordinator_in_scope"}
COORDINATORS = CHANGERS | {"coordinator_out_of_scope"}


@pytest.fixture
def world():
    unit, other = f.org_unit(name="Physics"), f.org_unit(name="History")

    def scoped(scope_unit):
        user = f.coordinator(org_unit=scope_unit)
        user.scope_rows = [CoordinatorScope(org_unit_id=scope_unit.id)]
        db.session.commit()
        return user

    people = {
        "anonymous": AnonymousUserMixin(),
        "student": f.student(org_unit=unit),
        "faculty_own": f.faculty(org_unit=unit),
        "faculty_other": f.faculty(org_unit=other),
        "coordinator": f.coordinator(),
        "coordinator_in_scope": scoped(unit),
        "coordinator_out_of_scope": scoped(other),
        "admin": f.admin(),
    }
    return f.partnership(org_unit=unit), people


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_edit_program_table(world, who, state):
    partnership, people = world
    program = f.program(partnership=partnership, state=state)
    expected = who in CHANGERS and state in (S.DRAFT, S.PUBLISHED)
    assert policy.can_edit_program(people[who], program) is expected


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_change_program_state_table(world, who, state):
    partnership, people = world
    program = f.program(partnership=partnership, state=state)
    expected = who in CHANGERS and state != S.CANCELLED
    assert policy.can_change_program_state(people[who], program) is expected


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_view_program_table(world, who, state):
    partnership, people = world
    program = f.program(partnership=partnership, state=state)
    expected = who in COORDINATORS | {"faculty_own"} or (
        who == "student" and state in (S.PUBLISHED, S.CLOSED)
    )
    assert policy.can_view_program(people[who], program) is expected


@pytest.mark.parametrize("who", WHO)
def test_can_create_program_table(world, who):
    _, people = world
    assert policy.can_create_program(people[who]) is (who in COORDINATORS)


@pytest.mark.parametrize("state", list(PartnershipState))
@pytest.mark.parametrize("who", WHO)
def test_can_create_program_under_table(world, who, state):
    unit_partnership, people = world
    partnership = f.partnership(org_unit=unit_partnership.org_unit, state=state)
    expected = who in CHANGERS and state not in (
        PartnershipState.EXPIRED,
        PartnershipState.TERMINATED,
    )
    assert policy.can_create_program_under(people[who], partnership) is expected
