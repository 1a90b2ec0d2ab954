"""Account services: their side effects, their audit records, and that they never commit."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from exchange.accounts import services
from exchange.accounts.models import AccountToken, TokenPurpose, User, UserSession
from exchange.accounts.roles import Role, StudyLevel
from exchange.accounts.sessions import start_session
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage
from tests import factories as f


def _events(action: str) -> list[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_register_student_flushes_the_user_and_its_audit_without_committing():
    unit = f.org_unit()

    user = services.register_student(
        email=" Omar@Example.edu ", full_name="Omar Farouk", password="maple river lantern",
        student_number="2026-7", org_unit=unit, study_level=StudyLevel.BACHELOR,
    )  # fmt: skip

    assert user.id is not None and user.email == "omar@example.edu"
    [event] = _events("user.create")
    assert event.after["roles"] == ["student"] and event.after["student_number"] == "2026-7"
    db.session.rollback()
    assert _count(User) == 0
    assert db.session.scalar(select(User).where(User.email == "omar@example.edu")) is None


def test_invite_user_queues_mail_and_a_token_in_the_same_session():
    admin = f.admin()

    user = services.invite_user(
        email="karim@example.edu", full_name="Karim Nasser", role=Role.COORDINATOR,
        org_unit=f.org_unit(), actor=admin,
    )  # fmt: skip

    assert user.password_hash is None and user.roles == {Role.COORDINATOR}
    assert _count(OutboxMessage) == 1
    token = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    assert token.purpose == TokenPurpose.INVITE
    [event] = _events("user.invite")
    assert (event.actor_id, event.after) == (admin.id, {"role": "coordinator"})
    db.session.rollback()
    assert (_count(OutboxMessage), _count(AccountToken)) == (0, 0)


def test_invite_user_refuses_students():
    with pytest.raises(services.AccountError) as error:
        services.invite_user(email="s@example.edu", full_name="S", role=Role.STUDENT,
                             org_unit=None, actor=f.admin())  # fmt: skip
    assert error.value.field == "role"


def test_set_roles_records_before_and_after():
    admin, person = f.admin(), f.faculty()
    unit = f.org_unit()

    services.set_roles(person, [Role.FACULTY, Role.COORDINATOR], scope_units=[unit], actor=admin)

    [event] = _events("user.set_roles")
    assert event.before == {"roles": ["faculty"], "scopes": []}
    assert event.after == {"roles": ["coordinator", "faculty"], "scopes": [unit.id]}
    assert event.actor_id == admin.id
    db.session.rollback()
    db.session.refresh(person)
    assert person.roles == {Role.FACULTY}


def test_set_roles_drops_the_scope_with_the_coordinator_role():
    admin, unit = f.admin(), f.org_unit()
    person = f.coordinator()
    services.set_roles(person, [Role.COORDINATOR], scope_units=[unit], actor=admin)

    services.set_roles(person, [Role.FACULTY], scope_units=[unit], actor=admin)

    assert (person.roles, person.scope_unit_ids) == ({Role.FACULTY}, frozenset())


def test_set_roles_without_change_writes_no_audit():
    person = f.faculty()
    services.set_roles(person, [Role.FACULTY], actor=f.admin())
    assert _events("user.set_roles") == []


def test_set_roles_refuses_no_role_and_removing_ones_own_admin():
    admin = f.admin()
    with pytest.raises(services.AccountError, match="Choose at least one role."):
        services.set_roles(f.faculty(), [], actor=admin)
    with pytest.raises(services.AccountError, match="your own admin role"):
        services.set_roles(admin, [Role.COORDINATOR], actor=admin)


def test_update_profile_records_only_the_changed_fields():
    admin = f.admin()
    person = f.student(full_name="Omar Faruk", gpa=Decimal("3.10"))

    services.update_profile(person, actor=admin, full_name="Omar Farouk", gpa=Decimal("3.456"),
                            study_level="7")  # fmt: skip

    [event] = _events("user.update")
    assert event.before == {"full_name": "Omar Faruk", "gpa": "3.10", "study_level": "6"}
    assert event.after == {"full_name": "Omar Farouk", "gpa": "3.46", "study_level": "7"}
    assert person.study_level == StudyLevel.MASTER


@pytest.mark.parametrize("gpa", [Decimal("-0.01"), Decimal("4.01"), Decimal("9")])
def test_update_profile_refuses_a_gpa_off_the_scale(gpa):
    person = f.student(gpa=Decimal("3.00"))
    with pytest.raises(services.AccountError) as error:
        services.update_profile(person, actor=f.admin(), gpa=gpa)
    assert error.value.field == "gpa"
    assert str(error.value) == "The GPA must be between 0 and 4.00."
    assert _events("user.update") == []


def test_update_profile_refuses_a_taken_student_number():
    f.student(student_number="S-1")
    person = f.student()
    with pytest.raises(services.AccountError) as error:
        services.update_profile(person, actor=f.admin(), student_number="S-1")
    assert error.value.field == "student_number"


def test_update_profile_refuses_unknown_fields():
    with pytest.raises(services.AccountError):
        services.update_profile(f.student(), actor=f.admin(), email="new@example.edu")


def test_deactivate_ends_sessions_and_records_the_reason():
    admin, person = f.admin(), f.student()
    start_session(person, ip_address="10.0.0.1", user_agent="x")

    services.deactivate_user(person, actor=admin, reason="Left the university")

    [event] = _events("user.deactivate")
    assert (event.before, event.after, event.note) == (
        {"is_active": True}, {"is_active": False}, "Left the university",
    )  # fmt: skip
    assert person.session_version == 2
    assert db.session.scalar(select(UserSession.revoked_at)) is not None
    db.session.rollback()
    db.session.refresh(person)
    assert person.is_active is True


def test_deactivate_refuses_oneself_and_the_already_deactivated():
    admin = f.admin()
    with pytest.raises(services.AccountError):
        services.deactivate_user(admin, actor=admin)
    with pytest.raises(services.AccountError):
        services.deactivate_user(f.student(is_active=False), actor=admin)


def test_reactivate_records_the_change():
    person = f.student(is_active=False)
    services.reactivate_user(person, actor=f.admin())
    [event] = _events("user.reactivate")
    assert (event.before, event.after) == ({"is_active": False}, {"is_active": True})


def test_change_password_ends_sessions_and_spends_reset_links():
    person = f.student()
    services.request_password_reset(person.email)

    services.change_password(person, new_password="orchid tunnel sparrow")

    assert person.session_version == 2
    assert db.session.scalar(select(AccountToken.used_at)) is not None
    assert [e.object_id for e in _events("user.change_password")] == [person.id]


def test_change_password_refuses_a_weak_one():
    with pytest.raises(services.AccountError) as error:
        services.change_password(f.student(), new_password="password1234")
    assert error.value.field == "new_password"
