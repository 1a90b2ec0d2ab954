"""With CSRF protection on, a form posted without its token is refused and changes nothing."""

from sqlalchemy import func, select

from exchange.accounts.models import LoginAttempt, User, UserSession
from exchange.accounts.roles import Role
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f

REFUSED = "The form expired or was sent from elsewhere."


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_registration_without_token_is_refused(csrf_app, client):
    unit = f.org_unit()
    response = client.post(
        "/register",
        data={"full_name": "Omar Farouk", "email": "omar@example.edu",
              "student_number": "2026-1", "study_level": "6", "org_unit_id": str(unit.id),
              "password": "maple river lantern", "confirm": "maple river lantern"},
    )  # fmt: skip
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert _count(User) == 0


def test_sign_in_without_token_is_refused(csrf_app, client):
    f.student(email="layla@example.edu")
    response = client.post("/login", data={"email": "layla@example.edu", "password": f.PASSWORD})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert (_count(UserSession), _count(LoginAttempt)) == (0, 0)


def test_sign_out_without_token_keeps_the_session(csrf_app, login_as):
    client = login_as(f.student())
    assert client.post("/logout").status_code == 400
    assert client.get("/student/").status_code == 200


def test_admin_deactivation_without_token_is_refused(csrf_app, login_as):
    target = f.faculty()
    client = login_as(f.admin())

    response = client.post(f"/admin/users/{target.id}/deactivate", data={"confirm": "y"})

    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    db.session.refresh(target)
    assert target.is_active is True
    assert _count(AuditEvent) == 0


def test_admin_role_change_without_token_is_refused(csrf_app, login_as):
    target = f.faculty()
    client = login_as(f.admin())

    response = client.post(f"/admin/users/{target.id}/roles", data={"roles": ["admin"]})

    assert response.status_code == 400
    db.session.refresh(target)
    assert target.sorted_roles == [Role.FACULTY]
