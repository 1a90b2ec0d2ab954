"""Role x state x ownership tables for every can_* in applications/policy.py, and the list
query that must agree with can_view."""

import pytest
from flask_login import AnonymousUserMixin

from exchange.accounts.models import CoordinatorScope
from exchange.accounts.roles import OrgUnitKind
from exchange.applications import policy
from exchange.applications.states import FINAL
from exchange.applications.states import ApplicationState as S
from exchange.db import utcnow
from exchange.extensions import db
from tests import factories as f

WHO = [
    "anonymous",
    "owner",
    "other_student",
    "faculty",
    "coordinator",
    "coordinator_in_scope",
    "coordinator_faculty_scope",
    "coordinator_out_of_scope",
    "admin",
]
STAFF = {"coordinator", "coordinator_in_scope", "coordinator_faculty_scope"}


def _scoped(unit):
    user = f.coordinator(org_unit=unit)
    user.scope_rows = [CoordinatorScope(org_unit_id=unit.id)]
    db.session.commit()
    return user


@pytest.fixture
def world():
    faculty_unit = f.org_unit(name="Faculty of Science", kind=OrgUnitKind.FACULTY)
    unit = f.org_unit(name="Physics", parent=faculty_unit)
    other = f.org_unit(name="History")
    owner = f.student(org_unit=unit)
    people = {
        "anonymous": AnonymousUserMixin(),
        "owner": owner,
        "other_student": f.student(org_unit=unit),
        "faculty": f.faculty(org_unit=unit),
        "coordinator": f.coordinator(),
        "coordinator_in_scope": _scoped(unit),
        "coordinator_faculty_scope": _scoped(faculty_unit),
        "coordinator_out_of_scope": _scoped(other),
        "admin": f.admin(),
    }
    call = f.call(allow_reopen=True)
    program = f.program(call=call, partnership=f.partnership(org_unit=unit))
    return people, call, program, (unit, other)


def _application(world, state, owner=None, program=None, call=None):
    people, world_call, default_program, _units = world
    call = call or world_call
    extra = {"submitted_at": utcnow()} if state != S.DRAFT else {}
    application = f.application(student=owner or people["owner"], call=call, state=state,
                                **extra)  # fmt: skip
    f.choice(application=application, program=program or default_program, rank=1)
    db.session.expire(application, ["choices"])
    return application


@pytest.mark.parametrize("state", list(S))
def test_can_view_table(world, state):
    application = _application(world, state)
    answers = {who: policy.can_view(person, application) for who, person in world[0].items()}
    assert answers == {who: who == "owner" or (who in STAFF and state != S.DRAFT) for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_edit_table(world, state):
    application = _application(world, state)
    answers = {who: policy.can_edit(person, application) for who, person in world[0].items()}
    assert answers == {who: who == "owner" and state == S.DRAFT for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_submit_table(world, state):
    application = _application(world, state)
    answers = {who: policy.can_submit(person, application) for who, person in world[0].items()}
    assert answers == {who: who == "owner" and state == S.DRAFT for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_withdraw_table(world, state):
    application = _application(world, state)
    answers = {who: policy.can_withdraw(person, application) for who, person in world[0].items()}
    assert answers == {who: who == "owner" and state not in FINAL for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_download_document_table(world, state):
    application = _application(world, state)
    document = f.document(application=application)
    answers = {
        who: policy.can_download_document(person, document) for who, person in world[0].items()
    }
    assert answers == {who: who == "owner" or (who in STAFF and state != S.DRAFT) for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_reopen_table(world, state):
    application = _application(world, state)
    answers = {who: policy.can_reopen(person, application) for who, person in world[0].items()}
    assert answers == {who: who == "owner" and state == S.SUBMITTED for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_upload_table(world, state):
    application = _application(world, state)
    answers = {who: policy.can_upload(person, application) for who, person in world[0].items()}
    assert answers == {who: who == "owner" and state == S.DRAFT for who in WHO}


@pytest.mark.parametrize("state", list(S))
def test_can_reject_document_table(world, state):
    application = _application(world, state)
    document = f.document(application=application)
    answers = {
        who: policy.can_reject_document(person, document) for who, person in world[0].items()
    }
    assert answers == {who: who in STAFF and state not in FINAL | {S.DRAFT} for who in WHO}


def test_reopen_is_not_offered_when_the_call_forbids_it(world):
    people, call, _program, _units = world
    application = _application(world, S.SUBMITTED)
    call.allow_reopen = False
    db.session.commit()

    assert policy.can_reopen(people["owner"], application) is False


def test_owner_may_upload_the_replacement_of_a_rejected_file_only(world):
    people = world[0]
    application = _application(world, S.UNDER_REVIEW)
    f.document(application=application, status="rejected", rejected_reason="Blurry.",
               rejected_at=utcnow())  # fmt: skip
    db.session.expire(application, ["documents"])

    assert policy.can_upload(people["owner"], application, "transcript") is True
    assert policy.can_upload(people["owner"], application, "cv") is False
    assert policy.can_upload(people["other_student"], application, "transcript") is False


def test_withdrawn_draft_stays_hidden_from_staff(world):
    people = world[0]
    application = _application(world, S.DRAFT)
    application.state, application.withdrawn_at = S.WITHDRAWN, utcnow()
    db.session.commit()

    assert policy.can_view(people["coordinator"], application) is False
    assert policy.can_view(people["owner"], application) is True


def test_visible_applications_query_agrees_with_can_view(world):
    people, call, program, (_unit, other) = world
    out_of_scope = f.program(call=call, partnership=f.partnership(org_unit=other))
    owners = [people["owner"], people["other_student"], f.student()]
    applications = []
    for index, state in enumerate(S):
        for owner_index, owner in enumerate(owners):
            chosen = out_of_scope if (index + owner_index) % 2 else program
            applications.append(
                _application(world, state, owner=owner, program=chosen, call=f.call())
            )
    # Several calls, so that one student holds many applications.
    for state in S:
        other_call = f.call()
        extra = {"submitted_at": utcnow()} if state != S.DRAFT else {}
        applications.append(f.application(student=people["owner"], call=other_call,
                                          state=state, **extra))  # fmt: skip

    for who, person in people.items():
        listed = set(db.session.scalars(policy.visible_applications_query(person)).unique())
        allowed = {a for a in applications if policy.can_view(person, a)}
        assert {a.id for a in listed} == {a.id for a in allowed}, who
