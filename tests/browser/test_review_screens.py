"""On the demo data, in real Chromium: the coordinator replaces a conflicted reviewer and
assigns one by hand; the demo faculty member scores an application and submits the review."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from exchange.demo.loader import load_demo
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.reviews.models import Review, ReviewAssignment
from exchange.reviews.states import ReviewStatus
from tests.browser.helpers import DEMO, sign_in

pytestmark = pytest.mark.browser


def test_coordinator_assigns_and_faculty_reviews(live_server, page, shoot):
    load_demo()
    db.session.commit()
    call = db.session.scalar(select(Call).where(Call.title.like("Summer research schools%")))

    sign_in(page, live_server, "coordinator@meridian.example", "coordinator", **DEMO, fresh=True)
    page.goto(f"{live_server}/coordinator/calls/{call.id}")
    page.get_by_role("link", name="Reviews", exact=True).click()
    expect(page.get_by_role("heading", name="Progress per reviewer")).to_be_visible()
    shoot("reviews-coordinator-overview")
    page.get_by_role("link", name="Reviewers", exact=True).click()
    replace = page.locator("#replacements")
    expect(replace).to_contain_text("Leen Barakat is my niece.")
    picker = replace.get_by_label("Replacement reviewer")
    salma = picker.locator("option", has_text="Salma Khoury").get_attribute("value")
    picker.select_option(salma)
    replace.get_by_role("button", name="Replace").click()
    expect(page.locator(".alert-success")).to_contain_text("The reviewer was replaced.")
    expect(page.locator("#replacements")).to_have_count(0)
    shoot("reviews-coordinator-assignments")

    sign_in(page, live_server, "faculty@meridian.example", "faculty", **DEMO, fresh=True)
    page.get_by_role("link", name="My reviews").click()
    page.get_by_role("link", name="Leen Barakat").click()
    expect(page.get_by_role("heading", name="Review of Leen Barakat")).to_be_visible()
    page.get_by_label("Academic record").fill("8")
    page.get_by_label("Motivation and fit").fill("9")
    page.get_by_label("Language and readiness").fill("6")  # out of its 1-5 range
    page.get_by_label("Recommendation").select_option("support")
    page.get_by_label("Comment").fill("Clear plan; strong field experience.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("from 1 to 5")
    page.get_by_label("Language and readiness").fill("4")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".alert-success")).to_contain_text("Your review was submitted")
    shoot("reviews-faculty-review")

    db.session.expire_all()
    review = db.session.scalar(
        select(Review).join(ReviewAssignment).where(
            ReviewAssignment.application.has(), Review.comment.like("Clear plan%"))
    )  # fmt: skip
    assert review.status == ReviewStatus.SUBMITTED
    assert sorted(s.score for s in review.scores) == [4, 8, 9]
