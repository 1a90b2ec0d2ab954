"""Password reset: a mailed link that works once, expires, and ends every session."""

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from exchange.accounts.models import AccountToken, TokenPurpose
from exchange.accounts.passwords import verify_password
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage
from tests import factories as f

NEW_PASSWORD = "granite harbour kestrel"


def _reset_path(email: str) -> str:
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == email))
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def _ask_for_reset(client, email: str) -> str:
    client.post("/password/forgot", data={"email": email})
    return _reset_path(email)


def _set(client, path, password=NEW_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password})


def test_reset_link_sets_a_new_password_once(client):
    person = f.student(email="nadia@example.edu")
    path = _ask_for_reset(client, "nadia@example.edu")

    first = _set(client, path)
    second = _set(client, path, "another fine passphrase")

    assert first.status_code == 302
    assert first.headers["Location"] == "/login"
    assert second.status_code == 410
    assert "This link no longer works" in second.get_data(as_text=True)
    db.session.refresh(person)
    assert verify_password(person.password_hash, NEW_PASSWORD)
    assert client.get(path).status_code == 410


def test_reset_link_expires(client):
    person = f.student(email="nadia@example.edu")
    path = _ask_for_reset(client, "nadia@example.edu")
    db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    old_hash = person.password_hash

    response = _set(client, path)

    assert response.status_code == 410
    db.session.refresh(person)
    assert person.password_hash == old_hash


def test_reset_link_works_until_just_before_it_expires(client):
    f.student(email="nadia@example.edu")
    path = _ask_for_reset(client, "nadia@example.edu")
    db.session.execute(update(AccountToken).values(expires_at=utcnow() + timedelta(minutes=1)))
    db.session.commit()
    assert _set(client, path).status_code == 302


def test_a_newer_reset_link_replaces_the_older(client):
    f.student(email="nadia@example.edu")
    first = _ask_for_reset(client, "nadia@example.edu")
    db.session.execute(db.delete(OutboxMessage))
    db.session.commit()
    second = _ask_for_reset(client, "nadia@example.edu")

    assert _set(client, first).status_code == 410
    assert _set(client, second).status_code == 302


def test_reset_ends_every_session(app, login_as):
    person = f.student(email="nadia@example.edu")
    signed_in = login_as(person)
    path = _ask_for_reset(app.test_client(), "nadia@example.edu")

    _set(app.test_client(), path)

    assert signed_in.get("/student/").status_code == 302


def test_reset_refuses_a_weak_password_beside_the_field_and_keeps_the_link(client):
    person = f.student(email="nadia@example.edu")
    path = _ask_for_reset(client, "nadia@example.edu")
    old_hash = person.password_hash

    response = _set(client, path, "short")

    assert response.status_code == 200
    assert 'id="password-error">Use at least 12 characters.' in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.password_hash == old_hash
    assert _set(client, path).status_code == 302


def test_forgot_password_answers_the_same_for_an_unknown_address(client):
    f.student(email="nadia@example.edu")

    known = client.post("/password/forgot", data={"email": "nadia@example.edu"})
    unknown = client.post("/password/forgot", data={"email": "ghost@example.edu"})

    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("nadia@example.edu", "X") == unknown.get_data(
        as_text=True
    ).replace("ghost@example.edu", "X")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_forgot_password_sends_nothing_to_a_deactivated_account(client):
    f.student(email="gone@example.edu", is_active=False)
    client.post("/password/forgot", data={"email": "gone@example.edu"})
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_reset_link_of_an_account_deactivated_later_no_longer_works(client):
    person = f.student(email="nadia@example.edu")
    path = _ask_for_reset(client, "nadia@example.edu")
    person.is_active = False
    db.session.commit()
    assert _set(client, path).status_code == 410


def test_a_pending_reset_link_stops_working_after_a_password_change(login_as, client):
    person = f.student(email="nadia@example.edu")
    path = _ask_for_reset(client, "nadia@example.edu")
    login_as(person).post(
        "/account",
        data={"current_password": f.PASSWORD, "new_password": NEW_PASSWORD,
              "confirm": NEW_PASSWORD},
    )  # fmt: skip
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AccountToken)
            .where(AccountToken.purpose == TokenPurpose.RESET, AccountToken.used_at.is_(None))
        )
        == 0
    )
    assert _set(client, path, "a completely other phrase").status_code == 410
