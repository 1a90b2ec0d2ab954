"""Issue 3's "done when" in real Chromium: a coordinator records a new partner, an agreement
with an outgoing condition, opens a call within its quota (and is told, with the numbers, when
asking for more), and students find it in the catalogue with the right eligibility verdict."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from exchange.accounts.roles import OrgUnitKind, StudyLevel
from exchange.extensions import db
from exchange.partnerships.expiry import current_academic_year
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import PartnershipState
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from tests import factories as f
from tests.browser.helpers import fill, sign_in

pytestmark = pytest.mark.browser

TITLE = "Spanish philology semester in Granada"


def _year(start: int) -> str:
    return f"{start}/{start + 1}"


def _find_in_catalogue(page: Page, title: str):
    page.get_by_role("link", name="Browse all programs").click()
    page.get_by_role("searchbox", name="Search").fill("Granada")
    page.get_by_role("button", name="Show programs").click()
    expect(page.get_by_text("1 program matches your search")).to_be_visible()
    return page.get_by_role("article").filter(has=page.get_by_role("link", name=title))


def _count(model) -> int:
    db.session.rollback()  # see what the live server committed
    return db.session.scalar(select(func.count()).select_from(model))


def test_coordinator_opens_a_call_under_a_new_agreement_and_students_see_their_verdict(
    live_server, page, shoot
):
    home = f.home_institution(name="Meridian University")
    department = f.org_unit(name="Department of Modern Languages", institution=home)
    office = f.org_unit(name="International Office", kind=OrgUnitKind.OFFICE, institution=home)
    coordinator = f.coordinator(email="nadia@example.edu", full_name="Nadia Karim", org_unit=office)
    eligible = f.student(email="layla@example.edu", full_name="Layla Haddad",
                         org_unit=department, study_level=StudyLevel.BACHELOR,
                         gpa=Decimal("3.40"))  # fmt: skip
    f.student_language(eligible, "es", "B2")
    weak_gpa = f.student(email="omar@example.edu", full_name="Omar Farouk",
                         org_unit=department, study_level=StudyLevel.BACHELOR,
                         gpa=Decimal("2.75"))  # fmt: skip
    f.student_language(weak_gpa, "es", "C1")
    today = date.today()
    first = current_academic_year(today)
    page.on("dialog", lambda dialog: dialog.accept())  # any confirmation of a state change

    # The coordinator signs in through the form.
    sign_in(page, live_server, coordinator.email, "coordinator")

    # A new partner institution, through its form.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    page.get_by_role("link", name="Add partner institution").click()
    page.get_by_label("Name", exact=True).fill("Universidad de Granada")
    page.get_by_label("Country").select_option("ES")
    fill(page, {"City": "Granada", "Website": "https://www.ugr.es", "SCHAC code": "UGR.ES",
                "Erasmus code": "E GRANADA01"})  # fmt: skip
    shoot("coordinator-journey-1-partner-form")
    page.get_by_role("button", name="Add institution").click()
    expect(page.get_by_text("Universidad de Granada was added.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Universidad de Granada")
    expect(page.get_by_text("ugr.es", exact=True)).to_be_visible()  # SCHAC code kept lower case

    # An agreement with that partner, as a draft, from the partner's page.
    page.get_by_role("link", name="Record an agreement").first.click()
    partner_select = page.get_by_label("Partner institution")
    expect(partner_select.locator("option:checked")).to_have_text("Universidad de Granada (ES)")
    page.get_by_label("Title", exact=True).fill("Erasmus+ Languages with Granada")
    page.get_by_label("Owning faculty or department").select_option(
        label="Department of Modern Languages"
    )
    page.get_by_label("First academic year").fill(_year(first))
    page.get_by_label("Last academic year").fill(_year(first + 4))
    page.get_by_label("Subject areas (ISCED-F 2013)").select_option(["023", "0232"])
    shoot("coordinator-journey-2-agreement-form")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/coordinator/partnerships/\d+$"))
    expect(page.get_by_text("The agreement was recorded as a draft.")).to_be_visible()
    expect(page.get_by_text(f"{_year(first)} to {_year(first + 4)}")).to_be_visible()

    # Its outgoing SMS condition: 3 places a year.
    page.get_by_role("link", name="Add condition").click()
    page.get_by_label("Direction").select_option("outgoing")
    page.get_by_label("Mobility type").select_option("SMS")
    page.get_by_label("Places per year").fill("3")
    page.get_by_label("Total months per year").fill("15")
    levels = page.get_by_role("group", name="Study levels")
    levels.get_by_label("Bachelor (EQF 6)").check()
    levels.get_by_label("Master (EQF 7)").check()
    page.get_by_label("Recommended language").select_option("es")
    page.get_by_label("Recommended level (CEFR)").select_option("B1")
    shoot("coordinator-journey-3-condition-form")
    page.get_by_role("button", name="Add condition").click()
    expect(page.get_by_text("The cooperation condition was added.")).to_be_visible()
    conditions = page.get_by_role("table")
    expect(conditions.get_by_role("row")).to_have_count(2)  # header and the condition
    expect(conditions.get_by_role("cell", name="Student studies (SMS)")).to_be_visible()
    expect(conditions.get_by_role("cell", name="3", exact=True)).to_be_visible()

    # Activated, with a note for the history.
    page.get_by_label("Note (optional, kept in the history)").fill("Signed by both rectors.")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("The agreement is now Active.")).to_be_visible()
    expect(page.get_by_text("“Signed by both rectors.”")).to_be_visible()
    shoot("coordinator-journey-4-agreement-active")

    # A call under it: asking for 5 seats is refused with the numbers beside the seats.
    page.get_by_role("link", name="Open a call").first.click()
    expect(page.get_by_label("Agreement").locator("option:checked")).to_contain_text(
        "Erasmus+ Languages with Granada"
    )
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Description for students").fill("Literature and linguistics in Spanish.")
    page.get_by_label("Mobility type").select_option("SMS")
    page.get_by_label("Academic year").fill(_year(first + 1))
    page.get_by_label("Term").select_option("1")
    seats = page.get_by_label("Seats")
    seats.fill("5")
    page.get_by_label("Applications open").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Applications close").fill((today + timedelta(days=30)).isoformat())
    who = page.get_by_role("group", name="Who may apply")
    who.get_by_label("Bachelor (EQF 6)").check()
    who.get_by_label("Master (EQF 7)").check()
    page.get_by_label("Open to students of").select_option(label="Department of Modern Languages")
    page.get_by_label("Minimum GPA").fill("3.00")
    page.get_by_label("Language requirement").select_option("es")
    page.get_by_label("Minimum level (CEFR)").select_option("B1")
    # Before sending, the script already tells the places left (and marks 5 as too many).
    expect(seats).to_have_accessible_description(
        re.compile(
            rf"Outgoing places a year for student studies \(SMS\) in {_year(first + 1)}: 3\. "
            r"Already offered in other calls: 0\. Left: 3\."
        )
    )
    shoot("coordinator-journey-5-call-form")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("#seats-error")).to_have_text(
        f"The agreement allows 3 outgoing places a year for student studies (SMS) in "
        f"{_year(first + 1)}; none is offered in other programs yet, so at most 3 are left."
    )
    expect(seats).to_have_accessible_description(re.compile(r"so at most 3 are left\."))
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)  # nothing typed is lost
    shoot("coordinator-journey-6-call-over-quota")
    assert _count(Program) == 0

    # Within the quota it saves as a draft, then is published.
    seats.fill("2")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/coordinator/programs/\d+$"))
    expect(page.get_by_text("The call was saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The call is now Published.")).to_be_visible()
    shoot("coordinator-journey-7-call-published")

    db.session.rollback()
    partner = db.session.scalar(select(Institution).where(Institution.schac_code == "ugr.es"))
    assert (partner.name, partner.country, partner.erasmus_code) == (
        "Universidad de Granada", "ES", "E GRANADA01"
    )  # fmt: skip
    agreement = db.session.scalar(select(Partnership).where(Partnership.partner_id == partner.id))
    assert agreement.state == PartnershipState.ACTIVE
    assert (agreement.first_year, agreement.last_year) == (first, first + 4)
    [condition] = db.session.scalars(select(CooperationCondition)).all()
    assert (condition.partnership_id, condition.places_per_year) == (agreement.id, 3)
    [program] = db.session.scalars(select(Program)).all()
    assert (program.partnership_id, program.seats, program.state) == (
        agreement.id, 2, ProgramState.PUBLISHED
    )  # fmt: skip
    assert program.min_gpa == Decimal("3.00")
    assert (program.language, program.cefr_level) == ("es", "B1")
    assert [u.id for u in program.org_units] == [department.id]

    page.get_by_role("button", name="Sign out").click()

    # The student who meets every requirement finds it and is told they are eligible.
    sign_in(page, live_server, eligible.email, "student")
    card = _find_in_catalogue(page, TITLE)
    expect(card).to_contain_text("Universidad de Granada · Spain")
    expect(card).to_contain_text("2 seats")
    expect(card.get_by_role("status")).to_have_text("You are eligible.")
    shoot("coordinator-journey-8-catalogue-eligible")
    card.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("status")).to_contain_text(
        "You are eligible. You meet every requirement and applications are open."
    )
    shoot("coordinator-journey-8b-program-eligible")
    page.get_by_role("button", name="Sign out").click()

    # The student below the minimum GPA is told exactly that, and only that.
    sign_in(page, live_server, weak_gpa.email, "student")
    card = _find_in_catalogue(page, TITLE)
    verdict = card.get_by_role("status")
    expect(verdict).to_contain_text("You are not eligible:")
    expect(verdict.get_by_role("listitem")).to_have_text(
        ["Requires a GPA of at least 3.00; yours is 2.75."]
    )
    shoot("coordinator-journey-9-catalogue-not-eligible")
