"""Role x state x scope tables for every can_* in programs/policy.py."""

import pytest

from exchange.partnerships.states import PartnershipState
from exchange.programs import policy
from exchange.programs.states import ProgramState as S
from tests import factories as f
from tests.policy_people import CHANGERS, COORDINATORS, WHO, one_of_each, table_cases


@pytest.fixture
def world():
    unit, other = f.org_unit(name="Physics"), f.org_unit(name="History")
    return f.partnership(org_unit=unit), one_of_each(unit, other)


# Who may, per state of a call under an agreement of the unit: the changers edit a call while it
# is a draft or published and move it until it is cancelled; students see the published ones.
TABLES = {
    policy.can_edit_program: lambda who, state: who in CHANGERS and state in (S.DRAFT, S.PUBLISHED),
    policy.can_change_program_state: lambda who, state: who in CHANGERS and state != S.CANCELLED,
    policy.can_view_program: lambda who, state: (
        who in COORDINATORS | {"faculty_own"}
        or (who == "student" and state in (S.PUBLISHED, S.CLOSED))
    ),
}


@pytest.mark.parametrize(("can", "who", "state"), table_cases(TABLES, S))
def test_program_table(world, can, who, state):
    partnership, people = world
    program = f.program(partnership=partnership, state=state)
    assert can(people[who], program) is TABLES[can](who, state)


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
