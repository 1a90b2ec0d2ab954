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


# Who may, per state: the application's own checks, then the checks on one of its documents.
APPLICATION_TABLES = {
    policy.can_view: lambda who, state: who == "owner" or (who in STAFF and state != S.DRAFT),
    policy.can_edit: lambda who, state: who == "owner" and state == S.DRAFT,
    policy.can_submit: lambda who, state: who == "owner" and state == S.DRAFT,
    policy.can_withdraw: lambda who, state: who == "owner" and state not in FINAL,
    policy.can_reopen: lambda who, state: who == "owner" and state == S.SUBMITTED,
    policy.can_upload: lambda who, state: who == "owner" and state == S.DRAFT,
}
DOCUMENT_TABLES = {
    policy.can_download_document: APPLICATION_TABLES[policy.can_view],
    policy.can_reject_document: (
        lambda who, state: who in STAFF and state not in FINAL | {S.DRAFT}
    ),
}


def _table(world, can, target, expected, state):
    answers = {who: can(person, target) for who, person in world[0].items()}
    assert answers == {who: expected(who, state) for who in WHO}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("can", APPLICATION_TABLES, ids=lambda can: can.__name__)
def test_application_table(world, can, state):
    _table(world, can, _application(world, state), APPLICATION_TABLES[can], state)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("can", DOCUMENT_TABLES, ids=lambda can: can.__name__)
def test_document_table(world, can, state):
    document = f.document(application=_application(world, state))
    _table(world, can, document, DOCUMENT_TABLES[can], state)


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
