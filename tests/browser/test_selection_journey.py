"""Issue 5 in real Chromium: the coordinator assigns a reviewer, the faculty member reviews,
the coordinator starts a dry run, reads a student's explanation and commits the run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from exchange.applications.models import Application
from exchange.extensions import db
from exchange.reviews.models import RubricCriterion
from exchange.selection.models import AllocationRun, WaitlistEntry
from exchange.selection.states import RunState
from tests import factories as f
from tests.browser.helpers import sign_in, start_serial_dry_run
from tests.reviews import factories as rf
from tests.selection import factories as sf

pytestmark = pytest.mark.browser


def _world():
    unit = f.org_unit(name="Department of Physics")
    coordinator = f.coordinator(email="office@example.edu", full_name="Olga Office")
    reviewer = f.faculty(email="rev@example.edu", full_name="Rafael Reviewer", org_unit=unit)
    call = rf.review_call(phase="open", title="Spring exchange call")
    rf.criterion(call, name="Academic merit", min_score=0, max_score=10)
    agreement = f.partnership(org_unit=unit)
    lyon = f.program(call=call, partnership=agreement, seats=1, title="Lyon semester",
                     weight_gpa=50, weight_language=0, weight_review=50)  # fmt: skip
    oslo = f.program(call=call, partnership=agreement, seats=1, title="Oslo semester",
                     weight_gpa=50, weight_language=0, weight_review=50)  # fmt: skip
    amira = sf.applicant(call, [lyon, oslo], gpa="3.20", state="under_review",
                         student=f.student(full_name="Amira Haddad", org_unit=unit))  # fmt: skip
    ben = sf.applicant(call, [lyon], gpa="3.60", state="under_review",
                       student=f.student(full_name="Ben Carter", org_unit=unit))  # fmt: skip
    cleo = sf.applicant(call, [lyon], gpa="2.40", state="under_review",
                        student=f.student(full_name="Cleo Diaz", org_unit=unit))  # fmt: skip
    # Ben and Cleo were reviewed already; Amira waits for a reviewer.
    crit = db.session.scalar(select(RubricCriterion).where(RubricCriterion.call_id == call.id))
    for application, score in ((ben, 6), (cleo, 4)):
        rf.review(rf.assignment(application, f.faculty(org_unit=unit)), {crit: score})
    apps = {"amira": amira, "ben": ben, "cleo": cleo}
    return {"call": call, "coordinator": coordinator, "reviewer": reviewer, "apps": apps}


def test_coordinator_takes_a_call_from_review_to_a_committed_allocation(live_server, page, shoot):
    w = _world()
    call_id = w["call"].id
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The coordinator assigns Rafael to Amira's application.
    sign_in(page, live_server, "office@example.edu", "coordinator", fresh=True)
    page.goto(f"{live_server}/coordinator/calls/{call_id}/reviews/assignments")
    page.get_by_label("Reviewer for Amira Haddad").select_option(str(w["reviewer"].id))
    page.locator("form", has=page.get_by_label("Reviewer for Amira Haddad")).get_by_role(
        "button", name="Assign"
    ).click()
    expect(
        page.get_by_text("Rafael Reviewer now reviews the application of Amira Haddad.")
    ).to_be_visible()

    # 2. Rafael reviews it.
    sign_in(page, live_server, "rev@example.edu", "faculty", fresh=True)
    page.goto(f"{live_server}/faculty/reviews")
    page.get_by_role("link", name=re.compile("Amira Haddad")).first.click()
    page.get_by_label("Academic merit").fill("9")
    page.get_by_label("Recommendation").select_option("strongly_support")
    page.get_by_label("Comment").fill("Outstanding lab work.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review was submitted.")).to_be_visible()

    # 3. The coordinator opens the selection, sees the reviews done, and starts a dry run.
    sign_in(page, live_server, "office@example.edu", "coordinator", fresh=True)
    page.goto(f"{live_server}/coordinator/calls/{call_id}")
    page.get_by_role("link", name="Selection", exact=True).click()
    reviewers = page.get_by_role("region", name="Reviews per reviewer")
    expect(reviewers.get_by_role("row", name=re.compile("Rafael Reviewer 1 1 0"))).to_be_visible()
    page.get_by_role("link", name="Ranking", exact=True).click()
    # Amira: 50% of 80 (GPA 3.20) + 50% of 90 (review) = 85 -> first.
    expect(page.locator("#ranking tbody tr").first).to_contain_text("Amira Haddad")
    expect(page.locator("#ranking tbody tr").first).to_contain_text("85.00")
    shoot("selection-ranking")
    start_serial_dry_run(page)

    # 4. The result: Ben's explanation says Lyon was full and who was last placed there.
    expect(page.get_by_role("heading", name=re.compile("Run #"))).to_contain_text("Dry run")
    ben = page.locator(f"#student-{w['apps']['ben'].id}")
    expect(ben.locator(".explanation")).to_contain_text(
        "Your 1st choice, Lyon semester, was full: the last person placed there scored 85.00"
    )
    expect(ben.locator(".explanation")).to_contain_text("waitlist for Lyon semester (position 1)")
    shoot("selection-run-result")
    page.get_by_role("button", name="Commit this run").click()

    # 5. Committed: states, seats and waiting list are in the database; the dashboard shows it.
    expect(page.get_by_text(re.compile("is committed: 1 selected, 2 waitlisted"))).to_be_visible()
    shoot("selection-dashboard")
    db.session.rollback()
    states = {
        a.student.full_name: a.state.value
        for a in db.session.scalars(select(Application).where(Application.call_id == call_id))
    }
    assert states == {"Amira Haddad": "selected", "Ben Carter": "waitlisted",
                      "Cleo Diaz": "waitlisted"}  # fmt: skip
    assert db.session.scalar(select(AllocationRun.state)) == RunState.COMMITTED
    assert db.session.scalars(
        select(WaitlistEntry.application_id).order_by(WaitlistEntry.position)
    ).all() == [w["apps"]["ben"].id, w["apps"]["cleo"].id]
