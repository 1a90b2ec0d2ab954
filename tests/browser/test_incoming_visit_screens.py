"""In real Chromium: a coordinator records an incoming visitor (refused with the numbers beside
the last day, then saved), confirms it, and reads the visit list, staff days and upcoming
visits. Screenshots go to SCREENSHOT_DIR for people to look at."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from exchange.accounts.roles import OrgUnitKind
from exchange.extensions import db
from exchange.partnerships.states import MobilityType
from exchange.visits.incoming.models import IncomingState, IncomingVisit
from exchange.visits.staff_days import academic_year_of
from tests import factories as f
from tests.browser.helpers import sign_in
from tests.visits.incoming_helpers import agreement, incoming_visit, outgoing_visit

pytestmark = pytest.mark.browser


def _world():
    home = f.home_institution(name="Meridian University")
    cs = f.org_unit(name="Department of Computer Science", institution=home)
    office = f.org_unit(name="International Office", kind=OrgUnitKind.OFFICE, institution=home)
    f.coordinator(email="nadia@example.edu", full_name="Nadia Karim", org_unit=office)
    host = f.faculty(full_name="Prof. Omar Haddad", email="omar@example.edu", org_unit=cs)
    bologna = agreement(
        outgoing={"STA": 20, "STT": 10}, incoming={"STA": 10},
        title="Computing with Bologna", org_unit=cs,
        partner=f.institution(name="University of Bologna", country="IT"),
    )  # fmt: skip
    lyon = agreement(outgoing={"STA": 15}, incoming={"STA": 12, "STT": 8},
                     title="Engineering with Lyon",
                     partner=f.institution(name="INSA Lyon", country="FR"))  # fmt: skip
    today = date.today()

    def days(first, last):
        return dict(start_date=today + timedelta(days=first), end_date=today + timedelta(days=last))

    people = [f.faculty(full_name=n, org_unit=cs) for n in ("Dr. Lina Saleh", "Dr. Samir Aziz")]
    outgoing_visit(bologna, proposer=people[0], state="approved",
                   **days(12, 16))  # fmt: skip
    outgoing_visit(lyon, proposer=people[1], state="submitted", visit_type="research",
                   **days(40, 45))  # fmt: skip
    outgoing_visit(bologna, proposer=people[1], state="unit_approved",
                   mobility_type=MobilityType.STT, visit_type="training",
                   **days(70, 73))  # fmt: skip
    incoming_visit(bologna, visitor_name="Giulia Rossi", position="Associate Professor",
                   host=host, start_date=today + timedelta(days=5),
                   end_date=today + timedelta(days=10), state="confirmed")  # fmt: skip
    return bologna, host


def test_coordinator_records_a_visitor_and_reads_the_visit_overview(live_server, page, shoot):
    bologna, host = _world()
    start = date.today() + timedelta(days=30)
    sign_in(page, live_server, "nadia@example.edu", "coordinator")

    page.get_by_role("link", name="Visits", exact=True).first.click()
    expect(page.get_by_role("heading", name="Faculty visits")).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Lina Saleh")).to_be_visible()
    shoot("visits-list")

    page.get_by_role("link", name="Upcoming").click()
    expect(page.get_by_text("Giulia Rossi")).to_be_visible()
    shoot("visits-upcoming")

    page.get_by_role("link", name="Staff days").click()
    year = academic_year_of(date.today())
    expect(page.get_by_role("heading", name=f"Staff days in {year}/{year + 1}")).to_be_visible()
    shoot("visits-staff-days")

    page.get_by_role("link", name="Record a visitor").first.click()
    page.get_by_label("Agreement").select_option(str(bologna.id))
    page.get_by_label("Type of visit").select_option("teaching")
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill((start + timedelta(days=6)).isoformat())
    page.get_by_label("Visitor's name").fill("Marco Bianchi")
    page.get_by_label("Visitor's e-mail").fill("marco.bianchi@unibo.example")
    page.get_by_label("Position").fill("Full Professor")
    page.get_by_label("Host (faculty member)").select_option(str(host.id))
    page.get_by_label("Purpose and planned activities").fill("A week of lectures on compilers.")
    page.get_by_label("Teaching hours").fill("10")
    page.get_by_role("button", name="Record visitor").click()
    error = page.locator("#end_date-error")
    expect(error).to_contain_text("6 are recorded or confirmed, so 4 remain")
    shoot("visits-incoming-form-errors")

    page.get_by_label("Last day").fill((start + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Record visitor").click()
    expect(page.get_by_role("heading", name=re.compile("Marco Bianchi"))).to_be_visible()
    page.get_by_role("button", name="Confirm visit").click()
    expect(page.get_by_text("The visit is confirmed; the host was told.")).to_be_visible()
    shoot("visits-incoming-detail")

    db.session.rollback()
    visit = db.session.query(IncomingVisit).filter_by(visitor_name="Marco Bianchi").one()
    assert (visit.state, visit.days) == (IncomingState.CONFIRMED, 4)
