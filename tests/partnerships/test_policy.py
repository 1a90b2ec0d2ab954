"""Role x state x scope tables for every can_* in partnerships/policy.py."""

import pytest
from flask_login import AnonymousUserMixin

from exchange.accounts.models import CoordinatorScope
from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.partnerships import policy
from exchange.partnerships.states import PartnershipState as S
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
# Those who may change agreements of the unit, whatever the state.
CHANGERS = {"coordinator", "coordinator_in_scope"}
OPEN_STATES = {S.DRAFT, S.ACTIVE, S.SUSPENDED}


def _people(unit):
    other = f.org_unit(name="History")

    def scoped(scope_unit):
        user = f.coordinator(org_unit=scope_unit)
        user.scope_rows = [CoordinatorScope(org_unit_id=scope_unit.id)]
        db.session.commit()
        return user

    return {
        "anonymous": AnonymousUserMixin(),
        "student": f.student(org_unit=unit),
        "faculty_own": f.faculty(org_unit=unit),
        "faculty_other": f.faculty(org_unit=other),
        "coordinator": f.coordinator(),
        "coordinator_in_scope": scoped(unit),
        "coordinator_out_of_scope": scoped(other),
        "admin": f.admin(),
    }


@pytest.fixture
def world():
    unit = f.org_unit(name="Physics")
    return unit, _people(unit)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_edit_partnership_table(world, who, state):
    unit, people = world
    partnership = f.partnership(org_unit=unit, state=state)
    expected = who in CHANGERS and state in OPEN_STATES
    assert policy.can_edit_partnership(people[who], partnership) is expected


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_change_partnership_state_table(world, who, state):
    unit, people = world
    partnership = f.partnership(org_unit=unit, state=state)
    expected = who in CHANGERS and state in OPEN_STATES
    assert policy.can_change_partnership_state(people[who], partnership) is expected


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_manage_conditions_table(world, who, state):
    unit, people = world
    partnership = f.partnership(org_unit=unit, state=state)
    expected = who in CHANGERS and state in OPEN_STATES
    assert policy.can_manage_conditions(people[who], partnership) is expected


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("who", WHO)
def test_can_view_partnership_table(world, who, state):
    unit, people = world
    partnership = f.partnership(org_unit=unit, state=state)
    coordinators = {"coordinator", "coordinator_in_scope", "coordinator_out_of_scope"}
    expected = who in coordinators | {"faculty_own"}
    assert policy.can_view_partnership(people[who], partnership) is expected


@pytest.mark.parametrize("who", WHO)
def test_university_wide_agreement_is_changed_by_university_wide_coordinators_only(world, who):
    _, people = world
    partnership = f.partnership(org_unit=None, state=S.ACTIVE)
    assert policy.can_edit_partnership(people[who], partnership) is (who == "coordinator")
    assert policy.can_view_partnership(people[who], partnership) is (
        who not in ("anonymous", "student", "admin")
    )


@pytest.mark.parametrize("who", WHO)
def test_can_manage_institutions_and_create_partnership_table(world, who):
    _, people = world
    coordinators = {"coordinator", "coordinator_in_scope", "coordinator_out_of_scope"}
    assert policy.can_manage_institutions(people[who]) is (who in coordinators)
    assert policy.can_create_partnership(people[who]) is (who in coordinators)


def test_visible_partnerships_clause_agrees_with_can_view(world):
    from sqlalchemy import select

    from exchange.partnerships.models import Partnership

    unit, people = world
    for state in S:
        f.partnership(org_unit=unit, state=state)
    f.partnership(org_unit=f.org_unit(name="Law"))
    f.partnership(org_unit=None)
    for who in ("faculty_own", "faculty_other", "coordinator"):
        user = people[who]
        visible = set(
            db.session.scalars(
                select(Partnership.id).where(policy.visible_partnerships_clause(user))
            )
        )
        allowed = {
            p.id
            for p in db.session.scalars(select(Partnership))
            if policy.can_view_partnership(user, p)
        }
        assert visible == allowed, who
    assert Role.COORDINATOR in people["coordinator"].roles
