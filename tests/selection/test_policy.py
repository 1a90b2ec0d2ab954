"""Role x state tables for ranking, scoring, running and committing."""

from __future__ import annotations

import pytest

from exchange.db import utcnow
from exchange.extensions import db
from exchange.selection import policy
from exchange.selection.states import RunState
from tests import factories as f
from tests.selection.helpers import dry_run, small_call

ROLES = ("student", "faculty", "coordinator", "scoped_in", "scoped_out", "admin")


def _people(world):
    unit = world["programs"][0].partnership.org_unit_id
    inside = f.coordinator()
    if unit is None:
        unit_obj = f.org_unit()
        for p in world["programs"]:
            p.partnership.org_unit_id = unit_obj.id
        db.session.commit()
        unit = unit_obj.id
    from exchange.accounts.models import CoordinatorScope

    db.session.add(CoordinatorScope(user_id=inside.id, org_unit_id=unit))
    outside = f.coordinator()
    db.session.add(CoordinatorScope(user_id=outside.id, org_unit_id=f.org_unit().id))
    db.session.commit()
    return {"student": world["apps"]["A"].student, "faculty": f.faculty(),
            "coordinator": world["actor"], "scoped_in": inside, "scoped_out": outside,
            "admin": f.admin()}  # fmt: skip


@pytest.fixture
def world():
    w = small_call()
    w["people"] = _people(w)
    return w


EXPECTED_RANK = {"student": False, "faculty": False, "coordinator": True, "scoped_in": True,
                 "scoped_out": False, "admin": False}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("released", [False, True])
def test_rank_and_run_table(world, role, released):
    call = world["call"]
    if released:
        call.results_released_at = utcnow()
        db.session.commit()
    user = world["people"][role]

    assert policy.can_rank(user, call) is EXPECTED_RANK[role]
    assert policy.can_run(user, call) is (EXPECTED_RANK[role] and not released)
    assert policy.can_manage_rules(user, call) is (EXPECTED_RANK[role] and not released)


@pytest.mark.parametrize("state, allowed", [
    ("submitted", True), ("under_review", True), ("waitlisted", True), ("not_selected", True),
    ("selected", False), ("offered", False), ("withdrawn", False), ("cancelled", False),
])  # fmt: skip
def test_score_table(world, state, allowed):
    application = world["apps"]["C"]
    application.state = state
    if state == "withdrawn":
        application.withdrawn_at = utcnow()
    db.session.commit()
    got = {role: policy.can_score(world["people"][role], application) for role in ROLES}
    assert got == {role: EXPECTED_RANK[role] and allowed for role in ROLES}


def test_score_stops_at_release(world):
    world["call"].results_released_at = utcnow()
    db.session.commit()
    assert policy.can_score(world["actor"], world["apps"]["C"]) is False


@pytest.mark.parametrize("state, fresh, allowed", [
    (RunState.DRY, True, True), (RunState.DRY, False, False), (RunState.RUNNING, True, False),
    (RunState.FAILED, True, False), (RunState.DISCARDED, True, False),
    (RunState.COMMITTED, True, False),
])  # fmt: skip
def test_commit_table(world, state, fresh, allowed):
    run = dry_run(world)
    with db.session.no_autoflush:
        run.state = state  # the table, not the workflow, is under test here
        got = {role: policy.can_commit(world["people"][role], run, fresh=fresh) for role in ROLES}
    assert got == {role: EXPECTED_RANK[role] and allowed for role in ROLES}
    db.session.rollback()


def test_commit_checks_freshness_itself(world):
    from exchange.selection import services

    run = dry_run(world)
    assert policy.can_commit(world["actor"], run) is True
    services.adjust_score(world["apps"]["C"], "2", "Late grade", actor=world["actor"])
    db.session.commit()
    assert policy.can_commit(world["actor"], run) is False


def test_commit_refused_after_release(world):
    run = dry_run(world)
    world["call"].results_released_at = utcnow()
    db.session.commit()
    assert policy.can_commit(world["actor"], run, fresh=True) is False
