"""Placement policies: role x state tables, and the owner/scope rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from exchange.applications.states import ApplicationState
from exchange.placements import policy
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided

S = ApplicationState
ROLES = ("owner", "other_student", "faculty", "coordinator", "admin")
ANSWER = {S.OFFERED: {"owner"}}
DECIDE = {s: {"coordinator"} for s in policy.DECIDABLE}
PLACE = {S.ACCEPTED: {"coordinator"}}
STATES = [S.SUBMITTED, S.UNDER_REVIEW, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.OFFERED,
          S.ACCEPTED, S.PLACED, S.DECLINED, S.EXPIRED, S.WITHDRAWN, S.CANCELLED]  # fmt: skip


def _people(application):
    return {
        "owner": application.student,
        "other_student": f.student(),
        "faculty": f.faculty(),
        "coordinator": f.coordinator(),
        "admin": f.admin(),
    }


@pytest.mark.parametrize("state", STATES)
def test_role_by_state(state):
    _, (program,) = call_with_programs((3,), released=True)
    application = decided(program, state)
    people = _people(application)
    for role in ROLES:
        user = people[role]
        assert policy.can_accept(user, application) == (role in ANSWER.get(state, ())), role
        assert policy.can_decline(user, application) == (role in ANSWER.get(state, ())), role
        assert policy.can_decide(user, application) == (role in DECIDE.get(state, ())), role
        assert policy.can_place(user, application) == (role in PLACE.get(state, ())), role


def test_an_offer_past_its_deadline_or_before_release_cannot_be_answered():
    _, (program,) = call_with_programs((3,), released=True)
    late = decided(program, S.OFFERED, deadline=date.today() - timedelta(days=1))
    assert not policy.can_accept(late.student, late)
    assert policy.can_accept(late.student, late, today=late.offer_deadline)
    _, (hidden,) = call_with_programs((3,))
    early = decided(hidden, S.OFFERED)
    assert not policy.can_decline(early.student, early)


def test_a_coordinator_out_of_scope_may_not_decide_or_place():
    _, (program,) = call_with_programs((3,), released=True)
    application = decided(program, S.ACCEPTED)
    outsider = f.coordinator()
    outsider.scope_unit_ids  # noqa: B018 - the property exists
    from exchange.accounts.models import CoordinatorScope
    from exchange.extensions import db

    db.session.add(CoordinatorScope(user_id=outsider.id, org_unit_id=f.org_unit().id))
    db.session.commit()
    db.session.expire_all()
    assert not policy.can_place(outsider, application)


@pytest.mark.parametrize("role", ROLES)
def test_release_is_for_coordinators_once(role):
    call, _ = call_with_programs((1,))
    user = {"owner": f.student(), "other_student": f.student(), "faculty": f.faculty(),
            "coordinator": f.coordinator(), "admin": f.admin()}[role]  # fmt: skip
    assert policy.can_release(user, call) == (role == "coordinator")
    released, _ = call_with_programs((1,), released=True)
    assert not policy.can_release(user, released)


@pytest.mark.parametrize("role", ROLES)
def test_a_placement_rejected_by_the_partner_is_decided_by_coordinators_only(role):
    from tests.placements.test_decisions_returned import rejected

    _, (program,) = call_with_programs((3,), released=True)
    application, _ = rejected(program)
    user = _people(application)[role]
    assert policy.returned_by_partner(application)
    assert policy.can_decide(user, application) == (role == "coordinator")
    assert not policy.can_accept(user, application) and not policy.can_place(user, application)
