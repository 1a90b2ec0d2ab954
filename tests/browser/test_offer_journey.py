"""Issue 6 in real Chromium: the coordinator releases a call's results; the selected student
declines the offer; the waitlisted student is offered the freed seat and accepts it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from exchange.applications.states import ApplicationState
from exchange.extensions import db
from tests import factories as f
from tests.placements.offer_helpers import (
    call_with_programs,
    decided,
    eligible_student,
    waitlisted,
)

pytestmark = pytest.mark.browser
S = ApplicationState


def _sign_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return context, page


def _shot(page, name):
    from tests.browser.conftest import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_release_decline_and_promotion_journey(live_server, browser, mailbox):
    call, (program,) = call_with_programs(
        (1,),
        title="Outgoing exchange 2026/27",
        results_release_on=date.today() + timedelta(days=1),
        offer_days=7,
    )
    program.title = "AI semester in Toronto"
    db.session.commit()
    selected = decided(
        program,
        S.SELECTED,
        student=eligible_student(full_name="Omar Saleh", email="omar@example.edu"),
    )
    listed = waitlisted(
        program, 1, student=eligible_student(full_name="Layla Haddad", email="layla@example.edu")
    )
    refused = f.application(
        call=call,
        state=S.NOT_SELECTED,
        student=f.student(full_name="Sara Noor", email="sara@example.edu"),
    )
    f.choice(application=refused, program=program)
    coordinator = f.coordinator(full_name="Nadia Office", email="nadia@example.edu")
    ids = {"call": call.id, "selected": selected.id, "listed": listed.id, "refused": refused.id}
    db.session.commit()

    # The coordinator opens the call's results and releases them.
    ctx, page = _sign_in(browser, live_server, coordinator)
    page.goto(f"{live_server}/coordinator/calls/{ids['call']}")
    page.get_by_role("link", name="Results and offers").click()
    page.wait_for_url(re.compile(r"/results(#release)?$"))
    # The release day is tomorrow: releasing today needs a reason (on the day itself the
    # page would release by itself).
    assert page.locator('[data-released="no"]').count() == 1
    _shot(page, "offers-release-page")
    page.get_by_label("Reason for releasing before the release day").fill(
        "The partners need the names before their deadline."
    )
    page.get_by_role("button", name="Release the results now").click()
    page.wait_for_url(re.compile(r"/results(#release)?$"))
    assert page.get_by_text("Results released: 1 offers sent").is_visible()
    assert page.locator('[data-released="yes"]').count() == 1
    _shot(page, "offers-release-page-released")
    ctx.close()

    # The waitlisted student sees her position; the refused one the refusal.
    ctx, page = _sign_in(browser, live_server, listed.student)
    page.goto(f"{live_server}/student/applications/{ids['listed']}/result")
    assert page.locator('[data-position="1"]').is_visible()
    _shot(page, "offers-student-waitlist")
    ctx.close()
    ctx, page = _sign_in(browser, live_server, refused.student)
    page.goto(f"{live_server}/student/applications/{ids['refused']}/result")
    assert page.locator('[data-result="refusal"]').is_visible()
    _shot(page, "offers-student-refusal")
    ctx.close()

    # The selected student finds the offer on the dashboard and declines it.
    ctx, page = _sign_in(browser, live_server, selected.student)
    page.get_by_role("link", name="Answer the offer").click()
    assert page.get_by_text("You have been offered a place").is_visible()
    assert page.get_by_text("AI semester in Toronto").first.is_visible()
    _shot(page, "offers-student-offer")
    page.get_by_label("Reason (optional)").fill("I received a scholarship at home.")
    page.get_by_role("button", name="Decline the offer").click()
    assert page.get_by_role("alert").filter(has_text="You declined the offer.").is_visible()
    ctx.close()

    # The waitlisted student has been offered the freed seat, and accepts it.
    ctx, page = _sign_in(browser, live_server, listed.student)
    page.get_by_role("link", name="Answer the offer").click()
    assert page.get_by_text("You have been offered a place").is_visible()
    page.get_by_role("button", name="Accept the offer").click()
    assert page.get_by_role("alert").filter(has_text="You accepted the offer.").is_visible()
    _shot(page, "offers-student-accepted")
    ctx.close()

    db.session.expire_all()
    assert db.session.get(type(selected), ids["selected"]).state == S.DECLINED
    assert db.session.get(type(listed), ids["listed"]).state == S.ACCEPTED
    assert db.session.get(type(program), program.id).seats_held == 1
    assert any("Offered" in m["Subject"] for m in mailbox.to("layla@example.edu"))
