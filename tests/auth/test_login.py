"""Signing in: the real form once, the same answer for every wrong pair, throttling, `next`."""

import re

import pytest
from sqlalchemy import func, select

from exchange.accounts.models import LoginAttempt, UserSession
from exchange.auth.safe_next import safe_next
from exchange.extensions import db
from tests import factories as f

EVIL_NEXTS = ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)"]


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_form_signs_in_and_lands_on_the_dashboard(csrf_app, client):
    """The one test that signs in through the real form, CSRF token and all."""
    f.student(email="layla@example.edu", full_name="Layla Haddad")

    form = client.get("/login")
    response = client.post(
        "/login",
        data={"email": "Layla@Example.edu", "password": f.PASSWORD,
              "csrf_token": _csrf_token(form.get_data(as_text=True))},
    )  # fmt: skip

    assert response.status_code == 302
    assert response.headers["Location"] == "/student/"
    dashboard = client.get("/student/")
    assert dashboard.status_code == 200
    assert "Layla Haddad" in dashboard.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def _body_without(response, email: str) -> str:
    return response.get_data(as_text=True).replace(email, "EMAIL")


def test_login_wrong_password_and_unknown_email_get_the_same_answer(client):
    f.student(email="known@example.edu")

    wrong = client.post("/login", data={"email": "known@example.edu", "password": "nope nope nope"})
    unknown = client.post(
        "/login", data={"email": "nobody@example.edu", "password": "nope nope nope"}
    )

    assert wrong.status_code == unknown.status_code == 200
    assert "The e-mail address or password is not right." in wrong.get_data(as_text=True)
    assert _body_without(wrong, "known@example.edu") == _body_without(unknown, "nobody@example.edu")


def test_login_deactivated_account_gets_the_wrong_password_answer(client):
    f.student(email="gone@example.edu", is_active=False)
    f.student(email="here@example.edu")

    inactive = client.post("/login", data={"email": "gone@example.edu", "password": f.PASSWORD})
    wrong = client.post("/login", data={"email": "here@example.edu", "password": "not it at all"})

    assert inactive.status_code == 200
    assert _body_without(inactive, "gone@example.edu") == _body_without(wrong, "here@example.edu")
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_login_throttles_an_account_after_the_configured_failures(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 3)
    f.student(email="target@example.edu")
    for _ in range(3):
        client.post("/login", data={"email": "target@example.edu", "password": "guess guess 1"})

    # Even the right password, even from another address: the account is throttled.
    other_address = app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    response = other_address.post(
        "/login", data={"email": "target@example.edu", "password": f.PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_login_throttle_per_account_leaves_other_accounts_alone(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 2)
    f.student(email="target@example.edu")
    f.student(email="bystander@example.edu")
    for _ in range(2):
        client.post("/login", data={"email": "target@example.edu", "password": "guess guess 1"})

    response = client.post(
        "/login", data={"email": "bystander@example.edu", "password": f.PASSWORD}
    )

    assert response.status_code == 302


def test_login_throttles_an_address_after_the_configured_failures(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ADDRESS", 4)
    f.student(email="real@example.edu")
    for n in range(4):
        client.post("/login", data={"email": f"spray{n}@example.edu", "password": "guess guess"})

    same_address = client.post("/login", data={"email": "real@example.edu", "password": f.PASSWORD})
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    other_address = other.post("/login", data={"email": "real@example.edu", "password": f.PASSWORD})

    assert same_address.status_code == 429
    assert other_address.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 4


def test_login_success_clears_the_accounts_failures(client):
    f.student(email="typo@example.edu")
    client.post("/login", data={"email": "typo@example.edu", "password": "almost right!"})
    client.post("/login", data={"email": "typo@example.edu", "password": f.PASSWORD})
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


@pytest.mark.parametrize("target", EVIL_NEXTS)
def test_login_next_to_another_site_lands_on_the_dashboard(login_as, target):
    client = login_as(f.student())
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/student/"


def test_login_next_on_this_site_is_followed(login_as):
    client = login_as(f.student())
    response = client.get("/login", query_string={"next": "/student/?tab=open"})
    assert response.headers["Location"] == "/student/?tab=open"


def test_login_required_page_sends_anonymous_visitor_to_login_with_next(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount"


@pytest.mark.parametrize("target", EVIL_NEXTS + ["", None, "evil.example", "/ok\n//x"])
def test_safe_next_refuses_other_sites(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/student/", "/coordinator/programs?page=2", "/"])
def test_safe_next_keeps_paths_on_this_site(target):
    assert safe_next(target) == target
