"""In Chromium: a student objects, the coordinator answers; the nomination list and the
placement dashboard render (screenshots in SCREENSHOT_DIR for people to look at)."""

import re
from datetime import date

import pytest

from exchange.extensions import db
from exchange.placements.nominations.services import record_partner_answer
from tests import factories as f
from tests.browser.helpers import sign_in
from tests.placements.nomination_helpers import nominated, placed, released_on, result

pytestmark = pytest.mark.browser


def test_objection_and_nomination_screens(page, live_server, shoot):
    from playwright.sync_api import expect

    f.home_institution()
    call, (lund, porto) = released_on(date.today(), seats=(2, 5), title="Erasmus+ 2026/2027")
    student = f.student(full_name="Amina Haddad")
    application = result(lund, "not_selected", student=student)
    f.choice(application=application, program=porto, rank=2)
    result(lund, "offered")
    result(porto, "accepted")
    placed(lund, student=f.student(full_name="Chen Wei"))
    first = nominated(placed(porto, student=f.student(full_name="Dalia Nour")))
    record_partner_answer(
        first,
        actor=f.coordinator(),
        answer="rejected",
        answered_on=date.today(),
        reason="No places in Law this term.",
    )
    nominated(placed(porto, student=f.student(full_name="=HYPERLINK Bruno")))
    db.session.commit()

    sign_in(page, live_server, student.email, "student")
    page.goto(f"{live_server}/student/applications/{application.id}")
    page.get_by_role("link", name="Lodge an objection").click()
    page.get_by_role("button", name="Send my objection").click()
    expect(page.locator("#reason-error")).to_be_visible()
    shoot("objection-form-error")
    page.get_by_label("Why do you object to the result?").fill(
        "My C1 certificate in English was uploaded but the language score counts B2."
    )
    page.get_by_role("button", name="Send my objection").click()
    expect(page.get_by_text("Your objection was sent")).to_be_visible()
    shoot("objection-lodged")

    page.context.clear_cookies()
    coordinator = f.coordinator()
    sign_in(page, live_server, coordinator.email, "coordinator")
    page.goto(f"{live_server}/coordinator/calls/{call.id}")
    page.get_by_role("link", name="Placements").click()
    expect(page.get_by_role("heading", name="Seats per program")).to_be_visible()
    shoot("placement-dashboard")
    page.get_by_role("link", name=re.compile("^Objections")).first.click()
    expect(page.get_by_role("link", name="Amina Haddad")).to_be_visible()
    shoot("coordinator-objection-list")
    page.get_by_role("link", name="Amina Haddad").click()
    page.get_by_label("Uphold: the student is right, the decision changes").check()
    page.get_by_label("Answer to the student").fill("Your C1 certificate was missed; "
                                                   "you are offered Porto.")  # fmt: skip
    page.get_by_label("Offer a place (when upholding)").select_option(str(porto.id))
    shoot("coordinator-objection-answer")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("The objection was upheld")).to_be_visible()
    shoot("coordinator-objection-answered")

    page.goto(f"{live_server}/coordinator/nominations")
    expect(page.get_by_text("Rejected by the partner: offer another destination")).to_be_visible()
    shoot("nomination-list")
    page.get_by_role("link", name="Nominate").first.click()
    shoot("nomination-create")
