"""The app factory, its settings per environment, and the error pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from config import DevelopmentConfig, ProductionConfig
from exchange import create_app
from exchange.accounts.models import User
from exchange.extensions import db
from tests import factories as f
from tests.db_refusals import refused_by_database


def test_production_refuses_to_start_without_secret_key_and_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_never_debugs_and_sends_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    app = create_app(ProductionConfig, DEBUG=True)
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_uses_a_sqlite_file_under_instance():
    assert DevelopmentConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert "/instance/exchange.sqlite" in DevelopmentConfig.SQLALCHEMY_DATABASE_URI


def test_tests_do_not_use_the_development_database(app):
    assert "instance/exchange.sqlite" not in app.config["SQLALCHEMY_DATABASE_URI"]


def test_unknown_page_answers_404_in_the_site_look(client):
    response = client.get("/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "There is nothing here" in page
    assert 'class="navbar' in page


def test_oversized_request_answers_413_and_saves_nothing(app, client):
    f.org_unit()
    before = db.session.scalar(select(func.count()).select_from(User))
    body = {"full_name": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}
    response = client.post("/register", data=body)
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_unexpected_error_answers_500_page_and_rolls_back(app, client):
    def boom():
        db.session.add(User(email="half@example.edu", full_name="Half", session_version=1))
        db.session.flush()
        raise RuntimeError("boom")

    original = app.view_functions["auth.healthz"]
    app.view_functions["auth.healthz"] = boom
    try:
        response = client.get("/healthz")
    finally:
        app.view_functions["auth.healthz"] = original
    assert response.status_code == 500
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "half@example.edu")) is None


def test_healthz_reports_database_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_bootstrap_is_served_by_the_app_itself(client):
    page = client.get("/login").get_data(as_text=True)
    assert "/bootstrap/static/css/bootstrap.min.css" in page
    assert "cdn.jsdelivr" not in page
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_foreign_keys_are_enforced_on_every_database():
    from exchange.accounts.models import UserRole

    refused_by_database(UserRole(user_id=987654, role="student"))
