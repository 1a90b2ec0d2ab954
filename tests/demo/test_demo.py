"""The demo story loads, tells what it added, and loads again without adding anything."""

from __future__ import annotations

from sqlalchemy import func, select

from exchange.accounts.models import User
from exchange.demo.data import ACCOUNTS, DEMO_PASSWORD
from exchange.extensions import db
from exchange.partnerships.models import Institution, Partnership
from exchange.programs.calls import Call
from exchange.programs.models import Program


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_command_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["exchange", "demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    counts = [_count(m) for m in (Institution, Partnership, Program, Call, User)]

    second = runner.invoke(args=["exchange", "demo"])

    assert "nothing to add" in second.output
    assert [_count(m) for m in (Institution, Partnership, Program, Call, User)] == counts
    assert counts[0] == 7
    names = set(db.session.scalars(select(Institution.name)))
    assert {"University of Cambridge", "University of Oxford", "University of Toronto",
            "King Abdulaziz University", "United Arab Emirates University",
            "University of Tehran"} <= names  # fmt: skip


def test_demo_if_empty_leaves_an_existing_database_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["exchange", "demo"])
    result = runner.invoke(args=["exchange", "demo", "--if-empty"])
    assert "already has data" in result.output


def test_every_demo_account_signs_in_and_reaches_its_dashboard(app, client):
    app.test_cli_runner().invoke(args=["exchange", "demo"])
    for email, _name, roles, _unit, _student in ACCOUNTS:
        fresh = app.test_client()
        response = fresh.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        page = fresh.get(response.headers["Location"])
        assert page.status_code == 200, (email, response.headers["Location"])
        assert f"/{roles[0]}/" in response.headers["Location"]


def test_demo_students_find_programs_they_can_apply_to(app, login_as):
    app.test_cli_runner().invoke(args=["exchange", "demo"])
    student = db.session.scalar(select(User).where(User.email == "student@meridian.example"))
    page = login_as(student).get("/student/programs").get_data(as_text=True)
    assert "AI and data science year in Toronto" in page


def test_create_user_is_idempotent_and_adds_roles(app):
    runner = app.test_cli_runner()
    args = ["exchange", "create-user", "--email", "Boss@Example.edu", "--name", "Big Boss",
            "--role", "admin", "--password", "a long admin passphrase"]  # fmt: skip
    assert "Created boss@example.edu" in runner.invoke(args=args).output
    again = runner.invoke(args=[*args[:-2], "--role", "coordinator"])
    assert "roles now: admin, coordinator" in again.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.edu"))
    assert {r.value for r in user.roles} == {"admin", "coordinator"}


def test_create_user_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=[
        "exchange", "create-user", "--email", "x@example.edu", "--name", "X", "--role", "admin",
        "--password", "short"])  # fmt: skip
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert _count(User) == 0
