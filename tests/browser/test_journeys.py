"""Whole journeys in real Chromium against a live server."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from exchange.accounts.models import User
from exchange.accounts.roles import Role
from exchange.extensions import db
from tests import factories as f

pytestmark = pytest.mark.browser


def test_student_registers_fixes_a_weak_password_and_sees_open_programs(live_server, page, shoot):
    f.org_unit(name="Department of Artificial Intelligence")
    f.program(title="AI and data science year in Toronto")

    page.goto(live_server + "/")
    page.get_by_role("link", name="Register as a student").first.click()
    page.get_by_label("Full name").fill("Layla Haddad")
    page.get_by_label("University e-mail address").fill("layla@example.edu")
    page.get_by_label("Student number").fill("MU2023-0412")
    page.get_by_label("Study level").select_option("7")
    page.get_by_label("Department").select_option(label="Department of Artificial Intelligence")
    page.get_by_label("New password").fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Create account").click()

    # The error sits beside the password field and what was typed is still there.
    error = page.locator("#password-error")
    assert "at least 12 characters" in error.inner_text()
    assert page.get_by_label("Full name").input_value() == "Layla Haddad"
    shoot("register-error")

    page.get_by_label("New password").fill("olive trees in the morning")
    page.get_by_label("Repeat the password").fill("olive trees in the morning")
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url(re.compile(r"/student/$"))
    assert "Hello, Layla Haddad" in page.content()
    assert page.get_by_text("AI and data science year in Toronto").is_visible()
    shoot("student-dashboard")
    db.session.rollback()
    user = db.session.scalar(select(User).where(User.email == "layla@example.edu"))
    assert user.roles == {Role.STUDENT}


def test_coordinator_invites_faculty_who_sets_a_password_from_the_mail(
    live_server, page, shoot, mailbox
):
    unit = f.org_unit(name="Department of Biomedical Sciences")
    f.partnership(title="Biomedical research partnership", org_unit=unit)
    coordinator = f.coordinator(email="nadia@example.edu")

    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(coordinator.email)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/coordinator/$"))
    shoot("coordinator-dashboard")

    page.get_by_role("link", name="Invite staff").click()
    page.get_by_label("Full name").fill("Amina Saleh")
    page.get_by_label("E-mail address").fill("amina@example.edu")
    page.get_by_label("Role").select_option("faculty")
    page.get_by_label("Org unit").select_option(label="Department of Biomedical Sciences")
    page.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent to amina@example.edu" in page.content()

    [mail] = mailbox.to("amina@example.edu")
    link = re.search(r"http://\S+/invitation/\S+", mail.get_content()).group(0)
    path = link.split("localhost", 1)[1]

    page.get_by_role("button", name="Sign out").click()
    page.goto(live_server + path)
    page.get_by_label("New password").fill("microscopes and coffee")
    page.get_by_label("Repeat the password").fill("microscopes and coffee")
    page.get_by_role("button", name="Activate my account").click()

    page.wait_for_url(re.compile(r"/faculty/$"))
    assert page.get_by_text("Biomedical research partnership").is_visible()
    shoot("faculty-dashboard")
