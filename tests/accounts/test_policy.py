"""The role table of every can_* in exchange.accounts.policy."""

import pytest
from flask_login import AnonymousUserMixin

from exchange.accounts import policy
from exchange.accounts.models import User
from exchange.accounts.roles import Role
from tests import factories as f

ANON = "anonymous"
PEOPLE = (ANON, Role.STUDENT, Role.FACULTY, Role.COORDINATOR, Role.ADMIN)


def _person(kind):
    return AnonymousUserMixin() if kind == ANON else f.user(kind)


def _only(*allowed):
    return [(kind, kind in allowed) for kind in PEOPLE]


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_manage_users_is_for_admins(kind, allowed):
    assert policy.can_manage_users(_person(kind)) is allowed


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_view_audit_is_for_admins(kind, allowed):
    assert policy.can_view_audit(_person(kind)) is allowed


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_manage_mail_is_for_admins(kind, allowed):
    assert policy.can_manage_mail(_person(kind)) is allowed


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_change_roles_is_for_admins(kind, allowed):
    assert policy.can_change_roles(_person(kind), f.student()) is allowed


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_edit_profile_is_for_admins(kind, allowed):
    assert policy.can_edit_profile(_person(kind), f.student()) is allowed


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN, Role.COORDINATOR))
def test_invite_is_for_admins_and_coordinators(kind, allowed):
    person = _person(kind)
    assert policy.can_invite(person) is allowed
    assert policy.can_invite(person, Role.FACULTY) is allowed
    assert policy.can_invite(person, Role.COORDINATOR) is allowed


@pytest.mark.parametrize("role", [Role.STUDENT, Role.ADMIN])
def test_invite_never_creates_students_or_admins(role):
    assert policy.can_invite(f.admin(), role) is False


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_deactivate_an_active_account_is_for_admins(kind, allowed):
    assert policy.can_deactivate(_person(kind), f.student()) is allowed


def test_deactivate_not_oneself_nor_twice():
    admin = f.admin()
    assert policy.can_deactivate(admin, admin) is False
    assert policy.can_deactivate(admin, f.student(is_active=False)) is False


@pytest.mark.parametrize(("kind", "allowed"), _only(Role.ADMIN))
def test_reactivate_a_deactivated_account_is_for_admins(kind, allowed):
    assert policy.can_reactivate(_person(kind), f.student(is_active=False)) is allowed


def test_reactivate_not_an_active_account():
    assert policy.can_reactivate(f.admin(), f.student()) is False


@pytest.mark.parametrize("area", list(Role))
@pytest.mark.parametrize("kind", PEOPLE)
def test_enter_area_needs_that_role(kind, area):
    assert policy.can_enter_area(_person(kind), area) is (kind == area)


def test_enter_area_with_several_roles():
    person = f.user(Role.FACULTY, Role.COORDINATOR)
    assert [r for r in Role if policy.can_enter_area(person, r)] == [Role.FACULTY, Role.COORDINATOR]


@pytest.mark.parametrize(
    ("roles", "endpoint"),
    [
        ((Role.STUDENT,), "student.dashboard"),
        ((Role.FACULTY,), "faculty.dashboard"),
        ((Role.FACULTY, Role.COORDINATOR), "coordinator.dashboard"),
        ((Role.ADMIN, Role.FACULTY), "admin.dashboard"),
    ],
)
def test_home_endpoint_is_the_most_involved_role(roles, endpoint):
    assert policy.home_endpoint(f.user(*roles)) == endpoint


def test_home_endpoint_without_a_role_is_the_account_page_not_the_login_loop():
    assert policy.home_endpoint(User(email="norole@example.edu")) == "auth.account"
