"""Students register themselves; every bad input is refused beside its field, saving nothing."""

import pytest
from sqlalchemy import func, select

from exchange.accounts.models import User, UserSession, user_by_email
from exchange.accounts.roles import Role, StudyLevel
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f

GOOD_PASSWORD = "maple river lantern 42"


def _form(unit, **overrides) -> dict:
    return {
        "full_name": "Omar Farouk",
        "email": "omar@example.edu",
        "student_number": "2026-0042",
        "study_level": StudyLevel.MASTER.value,
        "org_unit_id": str(unit.id),
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
    } | overrides


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _error_beside(page: str, field: str, message: str) -> bool:
    """The message sits in the field's own error element, not in a general alert."""
    return f'<div class="invalid-feedback" id="{field}-error">{message}</div>' in page


def test_register_creates_a_signed_in_student(client):
    unit = f.org_unit(name="Mechanical Engineering")

    response = client.post("/register", data=_form(unit, email="Omar@Example.EDU"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/student/"
    user = user_by_email("omar@example.edu")
    assert user.email == "omar@example.edu"
    assert user.roles == {Role.STUDENT}
    assert (user.student_number, user.study_level, user.org_unit_id) == (
        "2026-0042", StudyLevel.MASTER, unit.id,
    )  # fmt: skip
    assert db.session.scalar(select(UserSession.user_id)) == user.id
    assert client.get("/student/").status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert (event.actor_id, event.object_id, event.after["roles"]) == (
        user.id,
        user.id,
        ["student"],
    )


def test_register_refuses_an_email_taken_in_another_case(client):
    unit = f.org_unit()
    f.student(email="omar@example.edu")
    before = _users()

    response = client.post("/register", data=_form(unit, email="OMAR@example.EDU"))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_beside(page, "email", "An account with this e-mail address already exists.")
    assert _users() == before
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "Use at least 12 characters."),
        ("password1234", "This password is too common; choose one that is harder to guess."),
        ("aaaaaaaaaaaaaaa", "This password is too common; choose one that is harder to guess."),
        ("omar-the-student", "The password must not contain your e-mail address."),
    ],
)
def test_register_refuses_a_weak_password_beside_the_field(client, password, message):
    unit = f.org_unit()

    response = client.post("/register", data=_form(unit, password=password, confirm=password))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_beside(page, "password", message)
    assert 'value="Omar Farouk"' in page  # what was typed stays in the form
    assert _users() == 0


def test_register_refuses_different_confirmation(client):
    response = client.post("/register", data=_form(f.org_unit(), confirm="maple river lantern 43"))
    assert _error_beside(response.get_data(as_text=True), "confirm", "The two passwords differ.")
    assert _users() == 0


def test_register_refuses_a_taken_student_number(client):
    unit = f.org_unit()
    f.student(student_number="2026-0042")
    before = _users()

    response = client.post("/register", data=_form(unit))

    page = response.get_data(as_text=True)
    assert _error_beside(page, "student_number", "This student number is already registered.")
    assert _users() == before


def test_register_refuses_a_missing_department(client):
    f.org_unit()
    response = client.post("/register", data=_form(f.org_unit(), org_unit_id="0"))
    assert _error_beside(response.get_data(as_text=True), "org_unit_id", "Choose your department.")
    assert _users() == 0


def test_register_refuses_a_partner_universitys_unit(client):
    partner_unit = f.org_unit(institution=f.institution())
    f.org_unit()
    response = client.post("/register", data=_form(partner_unit))
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _users() == 0


def test_register_empty_form_names_every_missing_field(client):
    f.org_unit()
    response = client.post("/register", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for field, message in [("full_name", "Enter your full name."),
                           ("email", "Enter your e-mail address."),
                           ("student_number", "Enter your student number."),
                           ("password", "Choose a password.")]:  # fmt: skip
        assert _error_beside(page, field, message)
    assert _users() == 0
