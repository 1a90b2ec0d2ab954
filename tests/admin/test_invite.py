"""Inviting faculty and coordinators from the admin area (and the coordinator's page)."""

import html

import pytest
from sqlalchemy import func, select

from exchange.accounts.models import User, user_by_email
from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage
from tests import factories as f


def _form(unit, **overrides):
    return {"full_name": "Karim Nasser", "email": "karim@example.edu",
            "role": Role.COORDINATOR.value, "org_unit_id": str(unit.id)} | overrides  # fmt: skip


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(OutboxMessage)),
    )


@pytest.mark.parametrize("path", ["/admin/users/invite", "/coordinator/people/invite"])
def test_invite_creates_the_account_and_mails_the_link(login_as, mailbox, path):
    unit = f.org_unit(name="Physics")
    inviter = f.user(Role.ADMIN, Role.COORDINATOR)

    response = login_as(inviter).post(path, data=_form(unit, email="Karim@Example.edu"))

    assert response.status_code == 302
    user = user_by_email("karim@example.edu")
    assert (user.roles, user.org_unit_id, user.password_hash) == ({Role.COORDINATOR}, unit.id, None)
    assert len(mailbox.to("karim@example.edu")) == 1


def test_admin_invite_lands_on_the_new_persons_page(login_as):
    unit = f.org_unit()
    response = login_as(f.admin()).post("/admin/users/invite", data=_form(unit))
    user = user_by_email("karim@example.edu")
    assert response.headers["Location"] == f"/admin/users/{user.id}"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"email": "not-an-address"},
            "email",
            "Enter a valid e-mail address, like name@example.edu.",
        ),
        ({"full_name": ""}, "full_name", "Enter the person's name."),
        ({"org_unit_id": "0"}, "org_unit_id", "Choose the person's faculty or department."),
        ({"role": "admin"}, "role", "Not a valid choice."),
    ],
)
def test_invite_refuses_bad_input_beside_the_field(login_as, overrides, field, message):
    unit = f.org_unit()
    client = login_as(f.admin())
    before = _counts()

    response = client.post("/admin/users/invite", data=_form(unit, **overrides))

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f'id="{field}-error">{message}</div>' in page
    assert _counts() == before


def test_invite_refuses_an_existing_email_beside_the_field(login_as):
    unit = f.org_unit()
    f.faculty(email="karim@example.edu")
    client = login_as(f.admin())
    before = _counts()

    response = client.post("/admin/users/invite", data=_form(unit, email="KARIM@example.edu"))

    assert 'id="email-error">An account with this e-mail address already exists.' in (
        response.get_data(as_text=True)
    )
    assert _counts() == before


def test_invite_refuses_a_partner_universitys_unit(login_as):
    partner_unit = f.org_unit(institution=f.institution())
    f.org_unit()
    client = login_as(f.admin())
    before = _counts()
    response = client.post("/admin/users/invite", data=_form(partner_unit))
    assert response.status_code == 200
    assert _counts() == before
