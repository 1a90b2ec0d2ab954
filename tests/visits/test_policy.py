"""Who may do what with a visit: role x ownership x state, for every can_* of the policy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from exchange.accounts.models import CoordinatorScope
from exchange.extensions import db
from exchange.visits import policy
from exchange.visits.states import VisitState, VisitType
from tests import factories as f
from tests.visits import factories as vf

S = VisitState
ALL = frozenset(VisitState)
NONE = frozenset()
NOT_DRAFT = ALL - {S.DRAFT}
ACTORS = ["proposer", "other_faculty", "head_other_unit", "head_own_unit", "coordinator_in",
          "coordinator_out", "student"]  # fmt: skip

# verb -> actor -> states in which it is allowed (a teaching visit: unit step, then office).
EXPECTED = {
    "can_view": {"proposer": ALL, "head_own_unit": NOT_DRAFT, "coordinator_in": NOT_DRAFT},
    "can_edit": {"proposer": {S.DRAFT, S.RETURNED}},
    "can_submit": {"proposer": {S.DRAFT, S.RETURNED}},
    "can_approve": {"head_own_unit": {S.SUBMITTED},
                    "coordinator_in": {S.SUBMITTED, S.UNIT_APPROVED}},
    "can_reject": {"head_own_unit": {S.SUBMITTED},
                   "coordinator_in": {S.SUBMITTED, S.UNIT_APPROVED}},
    "can_return": {"head_own_unit": {S.SUBMITTED},
                   "coordinator_in": {S.SUBMITTED, S.UNIT_APPROVED}},
    "can_cancel": {"proposer": {S.DRAFT, S.SUBMITTED, S.UNIT_APPROVED, S.APPROVED, S.RETURNED},
                   "coordinator_in": {S.SUBMITTED, S.UNIT_APPROVED, S.APPROVED}},
    "can_report": {"proposer": {S.APPROVED}},
    "can_view_confirmation": {"proposer": {S.APPROVED, S.COMPLETED},
                              "head_own_unit": {S.APPROVED, S.COMPLETED},
                              "coordinator_in": {S.APPROVED, S.COMPLETED}},
    "can_manage_documents": {"proposer": {S.DRAFT, S.RETURNED}},
}  # fmt: skip


def _scoped_coordinator(unit):
    user = f.coordinator()
    db.session.add(CoordinatorScope(user_id=user.id, org_unit_id=unit.id))
    db.session.commit()
    db.session.refresh(user)
    return user


@pytest.fixture
def world():
    own_unit, own_head = vf.unit_with_head()
    other_unit, other_head = vf.unit_with_head()
    proposer = f.faculty(org_unit=own_unit)
    partnership = vf.staff_agreement(org_unit=own_unit)
    return {
        "proposer": proposer,
        "partnership": partnership,
        "other_faculty": f.faculty(org_unit=own_unit),
        "head_other_unit": other_head,
        "head_own_unit": own_head,
        "coordinator_in": _scoped_coordinator(own_unit),
        "coordinator_out": _scoped_coordinator(other_unit),
        "student": f.student(),
    }


@pytest.mark.parametrize("state", list(VisitState), ids=[s.value for s in VisitState])
def test_policy_table(world, state):
    start = vf.soon(-10)  # past dates, so that the report is possible once approved
    visit = vf.visit(
        state, proposer=world["proposer"], partnership=world["partnership"],
        start_date=start, end_date=start + timedelta(days=4),
    )  # fmt: skip
    for verb, by_actor in EXPECTED.items():
        for actor in ACTORS:
            expected = state in by_actor.get(actor, NONE)
            got = getattr(policy, verb)(world[actor], visit)
            assert got == expected, f"{verb} for {actor} in {state.value}"


def test_report_waits_for_the_last_day(world):
    visit = vf.visit(S.APPROVED, proposer=world["proposer"], partnership=world["partnership"])
    assert not policy.can_report(world["proposer"], visit)
    assert policy.can_report(world["proposer"], visit, today=visit.end_date)


def test_research_visit_skips_the_unit_step(world):
    visit = vf.visit(S.SUBMITTED, proposer=world["proposer"], partnership=world["partnership"],
                     visit_type=VisitType.RESEARCH)  # fmt: skip
    assert not policy.can_approve(world["head_own_unit"], visit)
    assert policy.can_approve(world["coordinator_in"], visit)


def test_nobody_approves_their_own_visit(world):
    head = world["head_own_unit"]
    visit = vf.visit(S.SUBMITTED, proposer=head, partnership=world["partnership"])
    assert not policy.can_approve(head, visit)


def test_university_wide_coordinator_takes_the_unit_step_only_without_a_head(world):
    wide = f.coordinator()
    visit = vf.visit(S.SUBMITTED, proposer=world["proposer"], partnership=world["partnership"])
    assert not policy.can_approve(wide, visit)
    headless = f.faculty(org_unit=f.org_unit())
    visit2 = vf.visit(S.SUBMITTED, proposer=headless, partnership=world["partnership"])
    assert policy.can_approve(wide, visit2)


def test_head_of_the_faculty_approves_for_its_departments(world):
    faculty_unit = f.org_unit(kind="faculty")
    dean = f.faculty(org_unit=faculty_unit)
    faculty_unit.head_id = dean.id
    department = f.org_unit(parent=faculty_unit)
    visit = vf.visit(S.SUBMITTED, proposer=f.faculty(org_unit=department),
                     partnership=world["partnership"])  # fmt: skip
    assert policy.can_approve(dean, visit)
