"""Accepting an invitation: choose a password once, land in the area of the role."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from exchange.accounts import services
from exchange.accounts.models import AccountToken
from exchange.accounts.passwords import verify_password
from exchange.accounts.roles import Role
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage
from tests import factories as f

PASSWORD = "saffron comet lighthouse"


def _invite(email="karim@example.edu", role=Role.FACULTY):
    user = services.invite_user(
        email=email, full_name="Karim Nasser", role=role, org_unit=f.org_unit(), actor=f.admin()
    )
    db.session.commit()
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == email))
    return user, re.search(r"http://localhost(/invitation/\S+)", body).group(1)


def test_invitation_link_sets_the_password_and_signs_in(client):
    user, path = _invite()

    page = client.get(path)
    response = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})

    assert "Welcome, Karim Nasser" in page.get_data(as_text=True)
    assert response.status_code == 302
    assert response.headers["Location"] == "/faculty/"
    assert client.get("/faculty/").status_code == 200
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_invitation_link_works_once(app, client):
    _, path = _invite()
    client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    again = app.test_client().post(
        path, data={"password": "other pass phrase", "confirm": "other pass phrase"}
    )
    assert again.status_code == 410


def test_invitation_link_expires(client):
    user, path = _invite()
    db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    response = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})

    assert response.status_code == 410
    db.session.refresh(user)
    assert user.password_hash is None


def test_invitation_of_a_deactivated_account_no_longer_works(client):
    user, path = _invite()
    user.is_active = False
    db.session.commit()
    assert client.get(path).status_code == 410


def test_invitation_refuses_a_common_password_beside_the_field(client):
    user, path = _invite()
    response = client.post(path, data={"password": "password1234", "confirm": "password1234"})
    assert response.status_code == 200
    assert 'id="password-error">This password is too common' in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash is None
