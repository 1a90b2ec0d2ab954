"""Role x state tables for every review permission."""

import pytest

from exchange.accounts.models import CoordinatorScope
from exchange.extensions import db
from exchange.reviews import policy
from tests import factories as f
from tests.reviews import factories as rf

ROLES = ["student", "faculty_assigned", "faculty_other", "coordinator_in_scope",
         "coordinator_out_of_scope", "admin"]  # fmt: skip
PHASES = ["scheduled", "ready", "open", "closed"]


def _world(phase, state="under_review"):
    unit, elsewhere = f.org_unit(name="Physics"), f.org_unit(name="History")
    call = rf.review_call(phase=phase)
    program = f.program(partnership=f.partnership(org_unit=unit), call=call)
    owner = f.student(org_unit=unit)
    application = rf.submitted_application(call, state=state, student=owner, program=program)
    reviewer = f.faculty()
    assignment = rf.assignment(application, reviewer)
    out = f.coordinator()
    db.session.add(CoordinatorScope(user_id=out.id, org_unit_id=elsewhere.id))
    db.session.commit()
    people = {"student": owner, "faculty_assigned": reviewer, "faculty_other": f.faculty(),
              "coordinator_in_scope": f.coordinator(), "coordinator_out_of_scope": out,
              "admin": f.admin()}  # fmt: skip
    db.session.refresh(out)
    return call, application, assignment, people


def _table(check, phases=PHASES, state="under_review"):
    table = {}
    for phase in phases:
        call, application, assignment, people = _world(phase, state)
        for role in ROLES:
            table[(role, phase)] = check(people[role], call, application, assignment)
    return table


def _allowed(table):
    return sorted(k for k, v in table.items() if v)


def test_can_review_only_the_assigned_reviewer_while_open():
    table = _table(lambda u, c, a, x: policy.can_review(u, x))
    assert _allowed(table) == [("faculty_assigned", "open")]


def test_can_review_not_a_withdrawn_application():
    table = _table(lambda u, c, a, x: policy.can_review(u, x), ["open"], state="withdrawn")
    assert _allowed(table) == []


def test_can_declare_conflict_the_reviewer_until_close():
    table = _table(lambda u, c, a, x: policy.can_declare_conflict(u, x))
    assert _allowed(table) == [("faculty_assigned", p) for p in ("open", "ready", "scheduled")]


def test_can_see_reviews_coordinator_in_scope_always_reviewers_after_close():
    table = _table(lambda u, c, a, x: policy.can_see_reviews(u, a))
    assert _allowed(table) == sorted(
        [("coordinator_in_scope", p) for p in PHASES] + [("faculty_assigned", "closed")]
    )


def test_can_see_own_review_always():
    table = _table(lambda u, c, a, x: policy.can_see_review(u, x.review))
    assert _allowed(table) == sorted(
        [("coordinator_in_scope", p) for p in PHASES] + [("faculty_assigned", p) for p in PHASES]
    )


@pytest.mark.parametrize(
    "check", [policy.can_assign_reviewers, policy.can_configure_rubric], ids=["assign", "rubric"]
)
def test_call_level_coordinators_until_close(check):
    table = _table(lambda u, c, a, x: check(u, c))
    coordinators = ("coordinator_in_scope", "coordinator_out_of_scope")
    assert _allowed(table) == sorted(
        (r, p) for r in coordinators for p in ("open", "ready", "scheduled")
    )


def test_can_assign_to_an_application_needs_scope():
    table = _table(lambda u, c, a, x: policy.can_assign_to(u, a))
    assert _allowed(table) == sorted(
        ("coordinator_in_scope", p) for p in ("open", "ready", "scheduled")
    )


def test_can_assign_to_not_a_withdrawn_application():
    table = _table(lambda u, c, a, x: policy.can_assign_to(u, a), ["open"], state="withdrawn")
    assert _allowed(table) == []


def test_can_open_reviews_coordinators_once_the_day_has_come():
    table = _table(lambda u, c, a, x: policy.can_open_reviews(u, c))
    assert _allowed(table) == [("coordinator_in_scope", "ready"),
                               ("coordinator_out_of_scope", "ready")]  # fmt: skip


def test_my_assignments_query_agrees_with_can_view_assignment():
    _call, _application, assignment, people = _world("open")
    conflicted = rf.conflicted(rf.submitted_application(_call), people["faculty_assigned"])
    for role in ROLES:
        listed = set(db.session.scalars(policy.my_assignments_query(people[role])))
        allowed = {x for x in (assignment, conflicted)
                   if policy.can_view_assignment(people[role], x)}  # fmt: skip
        assert listed == allowed, role
