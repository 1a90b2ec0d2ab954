"""Issue 7's journey on the demo data, in real Chromium: the demo faculty member proposes a
teaching visit (first with mistakes, shown beside the fields), the demo head of unit approves,
the demo coordinator returns it for changes, the faculty member resubmits (the chain starts
again: head, then office), prints the confirmation and, after the visit, files the report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from exchange.demo.loader import load_demo
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.visits import staff_days
from exchange.visits.models import Visit
from exchange.visits.states import VisitState
from tests.browser.helpers import DEMO, VISIT_PLAN, file_visit_report, fill, sign_in, sign_out

pytestmark = pytest.mark.browser
FACULTY = "faculty@meridian.example"
HEAD = "head@meridian.example"
COORDINATOR = "coordinator@meridian.example"


def _decide(page: Page, live_server: str, email: str, area: str, button: str, note="") -> None:
    sign_in(page, live_server, email, area, **DEMO)
    page.goto(f"{live_server}/{area}/visit-approvals")
    page.locator("[data-queue] a").first.click()
    if note:
        page.get_by_label("Comments").fill(note)
    page.get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_contain_text("Decision recorded")
    sign_out(page)


def _state() -> VisitState:
    db.session.rollback()
    return db.session.scalars(select(Visit).where(Visit.state != VisitState.COMPLETED)).one().state


def test_demo_faculty_takes_a_visit_from_proposal_to_report(live_server, page: Page, shoot):
    load_demo()
    db.session.commit()
    agreement = db.session.scalar(
        select(Partnership).where(Partnership.title == "Nanotechnology and advanced materials")
    )
    start = date.today() + timedelta(days=30)

    # Propose, first with mistakes: one day on site, too few teaching hours, no host.
    sign_in(page, live_server, FACULTY, "faculty", **DEMO)
    page.get_by_role("link", name="Propose a visit").first.click()
    expect(page.locator(f'[data-days-for="{agreement.id}"]')).to_contain_text("10 of 10 left")
    page.get_by_label("Agreement").select_option(str(agreement.id))
    page.get_by_label("Kind of visit").select_option("teaching")
    page.get_by_label("First day on site").fill(start.isoformat())
    page.get_by_label("Last day on site").fill(start.isoformat())
    page.get_by_label("Teaching hours").fill("1")
    fill(page, VISIT_PLAN)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#end_date-error")).to_have_text(
        "A staff visit lasts at least 2 days on site; this one has 1."
    )
    expect(page.locator("#host_name-error")).to_have_text("Name your host at the partner.")
    shoot("visit-form-errors")

    page.get_by_label("Last day on site").fill((start + timedelta(days=4)).isoformat())
    page.get_by_label("Teaching hours").fill("6")
    page.get_by_label("Host's name").fill("Dr. Eleanor Whitfield")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".alert-success")).to_contain_text("waits for head of unit")
    assert _state() == VisitState.SUBMITTED
    sign_out(page)

    # The head of unit approves; the coordinator returns it for changes.
    sign_in(page, live_server, HEAD, "faculty", **DEMO)
    page.goto(live_server + "/faculty/visit-approvals")
    expect(page.locator("[data-queue]")).to_contain_text("Dr. Yusuf Rahman")
    shoot("visit-approval-queue")
    sign_out(page)
    _decide(page, live_server, HEAD, "faculty", "Approve")
    assert _state() == VisitState.UNIT_APPROVED
    _decide(page, live_server, COORDINATOR, "coordinator", "Return for changes",
            note="Please plan 8 teaching hours: a full week of the module.")  # fmt: skip
    assert _state() == VisitState.RETURNED

    # The faculty member reads the comments, changes the hours and resubmits.
    sign_in(page, live_server, FACULTY, "faculty", **DEMO)
    page.get_by_role("link", name="Visits", exact=True).click()
    page.locator("[data-state-group='returned'] a").first.click()
    expect(page.locator("[data-return-comments]")).to_contain_text("Please plan 8 teaching hours")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Teaching hours").fill("8")
    page.get_by_role("button", name="Resubmit").click()
    expect(page.locator("[data-state='submitted']")).to_be_visible()
    sign_out(page)

    # A resubmission starts the chain again: the head, then the office.
    _decide(page, live_server, HEAD, "faculty", "Approve")
    _decide(page, live_server, COORDINATOR, "coordinator", "Approve")
    assert _state() == VisitState.APPROVED

    sign_in(page, live_server, FACULTY, "faculty", **DEMO)
    page.goto(live_server + "/faculty/visits")
    page.locator("[data-state-group='approved'] a").first.click()
    page.get_by_role("link", name="Confirmation").click()
    expect(page.locator("[data-confirmation]")).to_contain_text("Dr. Eleanor Whitfield")
    expect(page.locator("[data-confirmation]")).to_contain_text("Prof. Hassan Idris")
    expect(page.locator("[data-confirmation]")).to_contain_text("1,390.00 GBP")
    shoot("visit-confirmation")

    # The visit takes place: move its dates into the past (time cannot pass in a test), so
    # that the report is due. Days and academic year follow the dates as the services keep them.
    visit = db.session.scalars(select(Visit).where(Visit.state == VisitState.APPROVED)).one()
    visit.start_date = date.today() - timedelta(days=10)
    visit.end_date = date.today() - timedelta(days=6)
    visit.academic_year = staff_days.academic_year_of(visit.start_date)
    db.session.commit()

    page.goto(f"{live_server}/faculty/visits/{visit.id}")
    file_visit_report(page, "A return visit in spring.")
    expect(page.locator("[data-state='completed']")).to_be_visible()
    expect(page.locator("[data-report]")).to_contain_text("598.20 GBP")
    expect(page.locator("[data-timeline]")).to_contain_text("Returned for changes")
    shoot("visit-detail")
    db.session.rollback()
    assert db.session.get(Visit, visit.id).state == VisitState.COMPLETED
