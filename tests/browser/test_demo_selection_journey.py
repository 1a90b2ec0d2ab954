"""Issues 5 and 6's "done when" on the demo data, in real Chromium: the demo coordinator takes
the summer selection round from reviews (replacing a conflicted reviewer) to a committed
serial-dictatorship run, releases the results early with a reason; a demo student with an
offer reads the explanation and accepts; the coordinator approves the placement, nominates the
student and downloads the nomination list as CSV and as JSON that validates against the
shipped schema."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from exchange.accounts.models import User
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.demo.loader import academic_year_of, load_demo
from exchange.demo.selection import CALL_TITLE
from exchange.extensions import db
from exchange.placements.nominations import export as nomination_export
from exchange.placements.nominations.models import Nomination
from exchange.programs.calls import Call
from exchange.reviews.models import ReviewAssignment
from exchange.reviews.states import AssignmentStatus
from exchange.selection.models import AllocationRun
from exchange.selection.states import RunState
from tests.browser.helpers import DEMO, sign_in, start_serial_dry_run

pytestmark = pytest.mark.browser
S = ApplicationState
COORDINATOR = "coordinator@meridian.example"


def _applications(call_id: int) -> list[Application]:
    db.session.rollback()  # see what the live server committed
    return list(db.session.scalars(select(Application).where(Application.call_id == call_id)))


def _reviews_and_run(page: Page, live_server: str, call: Call, shoot) -> int:
    """Calls -> the call -> Reviews (replace the conflicted reviewer) -> Selection -> commit."""
    sign_in(page, live_server, COORDINATOR, "coordinator", **DEMO, fresh=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calls").click()
    page.get_by_role("link", name=call.title).click()
    page.get_by_role("link", name="Reviews", exact=True).click()
    expect(page.get_by_role("heading", name="Progress per reviewer")).to_be_visible()
    progress = page.locator("section[aria-labelledby=progress-heading] tbody tr")
    expect(progress.filter(has_text="faculty2@meridian.example")).to_contain_text("1")
    expect(page.get_by_text("1 reviewer declared a conflict of interest")).to_be_visible()
    shoot("demo-selection-reviews")

    # faculty2@ is Leen Barakat's aunt: Dr. Salma Khoury takes the review over.
    page.get_by_role("link", name="Replace them").click()
    replacements = page.locator("#replacements")
    expect(replacements).to_contain_text("Leen Barakat is my niece.")
    salma = db.session.scalar(select(User).where(User.email == "salma.khoury@meridian.example"))
    replacements.get_by_label("Replacement reviewer").select_option(str(salma.id))
    replacements.get_by_role("button", name="Replace").click()
    expect(page.get_by_text("The reviewer was replaced.")).to_be_visible()
    db.session.rollback()
    conflicted = db.session.scalars(
        select(ReviewAssignment)
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(Application.call_id == call.id, ReviewAssignment.status
               == AssignmentStatus.CONFLICTED)
    ).all()  # fmt: skip
    assert len(conflicted) == 1
    assert db.session.scalar(
        select(ReviewAssignment.id).where(
            ReviewAssignment.application_id == conflicted[0].application_id,
            ReviewAssignment.reviewer_id == salma.id,
        )
    )

    # Selection: the dashboard, the ranking, a dry run.
    page.goto(f"{live_server}/coordinator/calls/{call.id}")
    page.get_by_role("link", name="Selection", exact=True).click()
    expect(page.get_by_role("heading", name=f"Selection of {call.title}")).to_be_visible()
    page.get_by_role("link", name="Ranking", exact=True).click()
    rows = page.locator("#ranking tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10
    shoot("demo-selection-ranking")
    start_serial_dry_run(page)
    expect(page.get_by_role("heading", name=re.compile("Run #"))).to_contain_text("Dry run")
    run_id = int(re.search(r"/runs/(\d+)", page.url).group(1))

    # Every applicant's result has an explanation; Leen Barakat's reads in plain words.
    apps = _applications(call.id)
    for application in apps:
        explanation = page.locator(f"#student-{application.id} .explanation")
        expect(explanation).not_to_be_empty()
    leen = next(a for a in apps if a.student.email == "leen.barakat@meridian.example")
    expect(page.locator(f"#student-{leen.id} .explanation")).to_contain_text("Arid-land")
    shoot("demo-selection-run")
    page.get_by_role("button", name="Commit this run").click()
    expect(page.get_by_text(re.compile(r"is committed: \d+ selected"))).to_be_visible()
    shoot("demo-selection-committed")
    return run_id


def test_demo_call_goes_from_reviews_to_a_nomination_export(live_server, page, shoot, mailbox):
    load_demo()
    db.session.commit()
    call = db.session.scalar(
        select(Call).where(Call.title == CALL_TITLE.format(year=academic_year_of(date.today())))
    )
    assert call is not None, "the demo has no selection round"
    assert call.results_release_on > date.today()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of post_button

    run_id = _reviews_and_run(page, live_server, call, shoot)
    apps = _applications(call.id)
    assert db.session.get(AllocationRun, run_id).state == RunState.COMMITTED
    states = {a.state for a in apps}
    assert states <= {S.SELECTED, S.WAITLISTED, S.NOT_SELECTED}, states
    selected = [a for a in apps if a.state == S.SELECTED]
    assert selected and all(a.outcome_program_id for a in selected)
    for program in call.programs:
        assert sum(a.outcome_program_id == program.id for a in selected) <= program.seats
    # The demo student of record if the run chose her, otherwise the first selected one.
    chosen = next((a for a in selected if a.student.email == "student@meridian.example"),
                  selected[0])  # fmt: skip
    chosen_id, student_email = chosen.id, chosen.student.email
    program_title = chosen.outcome_program.title
    partner_schac = chosen.outcome_program.partnership.partner.schac_code

    # Results and offers: the release day is two weeks away, so releasing needs a reason.
    page.goto(f"{live_server}/coordinator/calls/{call.id}")
    page.get_by_role("link", name="Results and offers").click()
    expect(page.locator('[data-released="no"]')).to_have_count(1)
    page.get_by_label("Reason for releasing before the release day").fill(
        "The partners' summer schools need the names this week."
    )
    page.get_by_role("button", name="Release the results now").click()
    expect(page.get_by_text(re.compile(rf"Results released: {len(selected)} offers sent"))
           ).to_be_visible()  # fmt: skip
    expect(page.locator('[data-released="yes"]')).to_have_count(1)
    shoot("demo-results-released")
    assert {a.state for a in _applications(call.id) if a.id in {s.id for s in selected}} == {
        S.OFFERED
    }
    assert any("Offer" in str(m["Subject"]) for m in mailbox.to(student_email))

    # The student reads the offer and its explanation, and accepts.
    sign_in(page, live_server, student_email, "student", **DEMO, fresh=True)
    page.locator(f'[data-offer="{chosen_id}"]').get_by_role("link", name="Answer the offer").click()
    expect(page.get_by_text("You have been offered a place")).to_be_visible()
    expect(page.get_by_text(program_title).first).to_be_visible()
    expect(page.locator("[data-explanation]")).not_to_be_empty()
    shoot("demo-student-offer")
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_role("alert").filter(has_text="You accepted the offer.")).to_be_visible()
    db.session.rollback()
    assert db.session.get(Application, chosen_id).state == S.ACCEPTED

    # The coordinator approves the placement.
    sign_in(page, live_server, COORDINATOR, "coordinator", **DEMO, fresh=True)
    page.goto(f"{live_server}/coordinator/calls/{call.id}/results")
    row = page.locator(f'[data-application="{chosen_id}"]')
    row.get_by_role("button", name="Approve placement").click()
    expect(page.locator(f'[data-application="{chosen_id}"]')).to_contain_text("Placed")
    db.session.rollback()
    assert db.session.get(Application, chosen_id).state == S.PLACED

    # Nominations: nominate the placed student, then export.
    page.goto(f"{live_server}/coordinator/calls/{call.id}/placements")
    page.get_by_role("link", name="Nominations", exact=True).first.click()
    page.locator(f'[data-to-nominate="{chosen_id}"]').get_by_role("link", name="Nominate").click()
    shoot("demo-nominate-form")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text(re.compile(r"is nominated to "))).to_be_visible()
    db.session.rollback()
    nomination = db.session.scalar(select(Nomination).where(Nomination.application_id == chosen_id))
    assert nomination is not None
    expect(page.get_by_role("heading", name="Nominations to partners")).to_be_visible()
    shoot("demo-nominations")

    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    assert info.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    (row,) = [r for r in rows if student_email in r.values()]
    assert program_title in row.values() and "nomination" in row.values()
    assert partner_schac in row.values()

    with page.expect_download() as info:
        page.get_by_role("link", name="Export JSON (EWP)").click()
    assert info.value.suggested_filename.endswith(".json")
    document = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    jsonschema.validate(document, nomination_export.schema())
    (item,) = [m for m in document["omobilities"] if m["student"]["email"] == student_email]
    assert item["status"] == "nomination"
    assert item["receiving-hei"]["hei-id"] == partner_schac
    assert item["program"] == program_title
    assert item["partner-answer"]["status"] == nomination.partner_answer.value

    # The call's placement dashboard counts the placement and the nomination.
    page.goto(f"{live_server}/coordinator/calls/{call.id}/placements")
    expect(page.locator('[data-total="placed"]')).to_contain_text("1")
    expect(page.locator('[data-total="nominated"]')).to_contain_text("1")
    expect(page.locator('[data-total="offered"]')).to_contain_text(str(len(selected) - 1))
    shoot("demo-placement-dashboard")
