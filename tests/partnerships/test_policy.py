"""Role x state x scope tables for every can_* in partnerships/policy.py."""

import pytest

from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.partnerships import policy
from exchange.partnerships.states import PartnershipState as S
from tests import factories as f
from tests.policy_people import CHANGERS, COORDINATORS, WHO, one_of_each, table_cases

OPEN_STATES = {S.DRAFT, S.ACTIVE, S.SUSPENDED}


@pytest.fixture
def world():
    unit = f.org_unit(name="Physics")
    return unit, one_of_each(unit, f.org_unit(name="History"))


def _changer(who, state):
    """Those who may change agreements of the unit, whatever the state, while it is open."""
    return who in CHANGERS and state in OPEN_STATES


# Who may, per state of an agreement of the unit.
TABLES = {
    policy.can_edit_partnership: _changer,
    policy.can_change_partnership_state: _changer,
    policy.can_manage_conditions: _changer,
    policy.can_view_partnership: lambda who, state: who in COORDINATORS | {"faculty_own"},
}


@pytest.mark.parametrize(("can", "who", "state"), table_cases(TABLES, S))
def test_partnership_table(world, can, who, state):
    unit, people = world
    assert can(people[who], f.partnership(org_unit=unit, state=state)) is TABLES[can](who, state)


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
    assert policy.can_manage_institutions(people[who]) is (who in COORDINATORS)
    assert policy.can_create_partnership(people[who]) is (who in COORDINATORS)


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
