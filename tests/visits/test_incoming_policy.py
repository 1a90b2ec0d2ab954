"""Who may see and manage incoming visits: a role x scope x state table per can_*."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.accounts.models import CoordinatorScope
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.visits.incoming import policy
from tests import factories as f
from tests.visits.incoming_helpers import agreement, incoming_visit

R, C, D, X = "recorded", "confirmed", "completed", "cancelled"


def _scoped(unit):
    coordinator = f.coordinator(org_unit=unit)
    db.session.add(CoordinatorScope(user_id=coordinator.id, org_unit_id=unit.id))
    db.session.commit()
    return coordinator


def _people(unit, host):
    return {
        "coordinator": f.coordinator(),
        "coordinator in scope": _scoped(unit),
        "coordinator of the parent faculty": _scoped(unit.parent),
        "coordinator out of scope": _scoped(f.org_unit()),
        "host": host,
        "other faculty": f.faculty(org_unit=unit),
        "student": f.student(org_unit=unit),
        "admin": f.admin(),
        "anonymous": None,
    }


MANAGERS = {"coordinator", "coordinator in scope", "coordinator of the parent faculty"}
# verb -> the states in which the managers may do it (nobody else, ever)
TABLE = {
    "can_view_incoming_visit": {R, C, D, X},
    "can_edit_incoming_visit": {R, C},
    "can_confirm_incoming_visit": {R},
    "can_complete_incoming_visit": {C},
    "can_cancel_incoming_visit": {R, C},
}


@pytest.mark.parametrize("state", [R, C, D, X])
def test_policy_table(state):
    unit = f.org_unit(parent=f.org_unit(kind="faculty"))
    host = f.faculty(org_unit=unit)
    ended = date.today() - timedelta(days=1)  # so that completing is a question of state only
    visit = incoming_visit(agreement(incoming={"STA": 30}, org_unit=unit), state=state, host=host,
                           start_date=ended - timedelta(days=4), end_date=ended)  # fmt: skip
    people = _people(unit, host)
    for verb, states in TABLE.items():
        for who, user in people.items():
            expected = who in MANAGERS and state in states
            got = getattr(policy, verb)(user, visit)
            assert got == expected, f"{verb} for {who} on a {state} visit"


def test_completing_waits_for_the_last_day():
    visit = incoming_visit(state=C, start_date=date(2031, 3, 2), end_date=date(2031, 3, 6))
    coordinator = f.coordinator()
    assert not policy.can_complete_incoming_visit(coordinator, visit, today=date(2031, 3, 5))
    assert policy.can_complete_incoming_visit(coordinator, visit, today=date(2031, 3, 6))


def test_area_wide_permissions_are_for_coordinators_only():
    people = _people(f.org_unit(parent=f.org_unit(kind="faculty")), f.faculty())
    for who, user in people.items():
        coordinator = who.startswith("coordinator")
        assert policy.can_list_incoming_visits(user) == coordinator, who
        assert policy.can_record_incoming_visit(user) == coordinator, who
        assert policy.can_view_visit_overview(user) == coordinator, who


def test_recording_under_an_agreement_needs_its_scope():
    unit = f.org_unit()
    partnership = agreement(incoming={"STA": 30}, org_unit=unit)
    assert policy.can_record_incoming_visit(_scoped(unit), partnership)
    assert not policy.can_record_incoming_visit(_scoped(f.org_unit()), partnership)
    assert not policy.can_record_incoming_visit(f.faculty(org_unit=unit), partnership)


def test_scope_clause_agrees_with_the_policy():
    faculty_unit = f.org_unit(kind="faculty")
    department = f.org_unit(parent=faculty_unit)
    other = f.org_unit()
    visits = [incoming_visit(agreement(incoming={"STA": 30}, org_unit=u))
              for u in (faculty_unit, department, other, None)]  # fmt: skip
    for user in (f.coordinator(), _scoped(faculty_unit), _scoped(department), _scoped(other),
                 f.faculty(), f.student()):  # fmt: skip
        listed = set(db.session.scalars(
            select(Partnership.id).where(policy.scoped_partnerships_clause(user))))  # fmt: skip
        for visit in visits:
            allowed = policy.can_view_incoming_visit(user, visit)
            assert (visit.partnership_id in listed) == allowed
