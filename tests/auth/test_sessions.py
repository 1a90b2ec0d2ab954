"""Sessions end for good: sign-out, deactivation, a password change, idle and absolute limits."""

from datetime import timedelta

from sqlalchemy import select, update

from exchange.accounts.models import UserSession
from exchange.accounts.sessions import start_session
from exchange.db import utcnow
from exchange.extensions import db
from tests import factories as f


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _another_device(app, person, user_agent: str):
    """A client signed in as `person` with a session of its own (another browser)."""
    device = app.test_client()
    with device.session_transaction() as s:
        s["_user_id"] = start_session(person, ip_address="10.0.0.2", user_agent=user_agent)
    db.session.commit()
    return device


def _client_with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_signed_out_cookie_replayed_by_another_client_is_refused(app, login_as):
    client = login_as(f.student())
    assert client.get("/student/").status_code == 200
    copied = _cookie(client)

    client.post("/logout")
    replay = _client_with_cookie(app, copied).get("/student/")

    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/login")
    assert db.session.scalar(select(UserSession.revoked_at)) is not None


def test_signing_out_leaves_other_sessions_of_the_same_person(app, login_as, client):
    person = f.student()
    login_as(person)
    laptop = _cookie(client)
    phone = _another_device(app, person, "phone")

    client.post("/logout")

    assert _client_with_cookie(app, laptop).get("/student/").status_code == 302
    assert phone.get("/student/").status_code == 200


def test_deactivating_a_user_ends_all_their_sessions(app, login_as):
    student = f.student()
    client = login_as(student)
    cookie = _cookie(client)
    admin_client = login_as(f.admin())  # the same test client now carries the admin's cookie

    admin_client.post(f"/admin/users/{student.id}/deactivate", data={"confirm": "y"})

    response = _client_with_cookie(app, cookie).get("/student/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(app, login_as, client):
    person = f.student()
    login_as(person)
    old_cookie = _cookie(client)
    other = _another_device(app, person, "x")

    response = client.post(
        "/account",
        data={"current_password": f.PASSWORD, "new_password": "orchid tunnel sparrow",
              "confirm": "orchid tunnel sparrow"},
    )  # fmt: skip

    assert response.status_code == 302
    assert other.get("/student/").status_code == 302
    assert _client_with_cookie(app, old_cookie).get("/student/").status_code == 302
    assert client.get("/student/").status_code == 200  # this browser got a fresh session


def _age_sessions(**changes):
    db.session.execute(update(UserSession).values(**changes))
    db.session.commit()


def test_idle_session_ends(app, login_as):
    client = login_as(f.student())
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    _age_sessions(last_seen_at=utcnow() - idle - timedelta(minutes=1))

    response = client.get("/student/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_session_just_inside_the_idle_limit_lives_and_is_touched(app, login_as):
    client = login_as(f.student())
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    _age_sessions(last_seen_at=utcnow() - idle + timedelta(minutes=2))

    assert client.get("/student/").status_code == 200

    # Reading a page is activity: last_seen moved forward and was saved.
    assert utcnow() - db.session.scalar(select(UserSession.last_seen_at)) < timedelta(minutes=1)


def test_session_past_the_absolute_limit_ends_even_when_active(app, login_as):
    client = login_as(f.student())
    absolute = app.config["SESSION_ABSOLUTE_TIMEOUT"]
    _age_sessions(created_at=utcnow() - absolute - timedelta(minutes=1), last_seen_at=utcnow())

    response = client.get("/student/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_account_page_refuses_a_wrong_current_password(login_as):
    person = f.student()
    client = login_as(person)
    old_hash = person.password_hash

    response = client.post(
        "/account",
        data={"current_password": "not my password", "new_password": "orchid tunnel sparrow",
              "confirm": "orchid tunnel sparrow"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.password_hash == old_hash
    assert client.get("/student/").status_code == 200
