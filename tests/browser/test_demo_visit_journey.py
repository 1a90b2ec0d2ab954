"""Issue 7's "done when" on the demo data, in real Chromium: the demo faculty member (Dr. Yusuf
Rahman) proposes a teaching visit to Cambridge under the demo agreement, attaches the host's
invitation letter and submits; the demo head of unit (Prof. Hassan Idris) and the demo
coordinator (Nadia Farouk) approve in turn; the faculty member opens the confirmation and its
print view and, once the visit is over, files the report: the visit is completed. Each step is
checked on the screen, in the database (state, audit rows) and in the mail that went out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from exchange.accounts.models import User
from exchange.audit import AuditEvent
from exchange.demo.loader import load_demo
from exchange.demo.visits import AGREEMENT_TITLE
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.visits import staff_days
from exchange.visits.models import Visit
from exchange.visits.states import VisitState
from tests import factories as f
from tests.browser.helpers import DEMO, VISIT_PLAN, file_visit_report, fill, sign_in, sign_out

pytestmark = pytest.mark.browser

FACULTY = "faculty@meridian.example"
HEAD = "head@meridian.example"
COORDINATOR = "coordinator@meridian.example"
LETTER = "Invitation letter Whitfield.pdf"


def _visit() -> Visit:
    """The journey's visit, as the live server committed it (the demo's own one is completed
    and dated last year)."""
    db.session.rollback()
    proposer = db.session.scalar(select(User).where(User.email == FACULTY))
    return db.session.scalars(
        select(Visit).where(Visit.proposer_id == proposer.id).order_by(Visit.id.desc())
    ).first()


def _audit(visit: Visit) -> list[tuple[str, str | None]]:
    """The visit's audit trail (its own rows and its files'), as (action, actor e-mail)."""
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    mine = [
        e for e in events
        if (e.object_type == "visits" and e.object_id == visit.id)
        or (e.action.startswith("visit_document.") and (e.after or {}).get("visit_id") == visit.id)
    ]  # fmt: skip
    return [(e.action, e.actor.email if e.actor else None) for e in mine]


def _decide(page: Page, live_server: str, email: str, area: str, visit_id: int) -> None:
    """An approver finds the proposal in the queue, reads it (with its file) and approves."""
    sign_in(page, live_server, email, area, **DEMO)
    page.goto(f"{live_server}/{area}/visit-approvals")
    queue = page.locator("[data-queue]")
    expect(queue).to_contain_text("Dr. Yusuf Rahman")
    queue.locator(f"a[href$='/visit-approvals/{visit_id}']").first.click()
    expect(page.get_by_role("link", name=LETTER)).to_be_visible()
    expect(page.get_by_text("Dr. Eleanor Whitfield").first).to_be_visible()
    page.get_by_label("Comments").fill("Good plan; the module matters to both sides.")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".alert-success")).to_contain_text("Decision recorded")


def test_demo_faculty_member_takes_a_visit_to_cambridge_from_proposal_to_report(
    live_server, page: Page, shoot, mailbox, tmp_path
):
    load_demo()
    db.session.commit()
    agreement = db.session.scalar(select(Partnership).where(Partnership.title == AGREEMENT_TITLE))
    assert agreement.partner.name == "University of Cambridge"
    # Next month, a Monday to Friday week, inside the agreement (it runs three more years).
    start = date.today() + timedelta(days=30)
    start += timedelta(days=-start.weekday())
    end = start + timedelta(days=4)
    page.on("dialog", lambda dialog: dialog.accept())  # confirmations of submit buttons

    # 1. The faculty member proposes the visit and saves it as a draft.
    sign_in(page, live_server, FACULTY, "faculty", **DEMO)
    page.get_by_role("link", name="Propose a visit").first.click()
    expect(page.get_by_role("heading", name="Propose a visit")).to_be_visible()
    page.get_by_label("Agreement").select_option(str(agreement.id))
    page.get_by_label("Kind of visit").select_option("teaching")
    page.get_by_label("First day on site").fill(start.isoformat())
    page.get_by_label("Last day on site").fill(end.isoformat())
    page.get_by_label("Host's name").fill("Dr. Eleanor Whitfield")
    page.get_by_label("Teaching hours").fill("8")
    fill(page, VISIT_PLAN)
    shoot("demo-visit-form")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Draft saved")
    expect(page.locator("[data-state='draft']")).to_be_visible()
    visit = _visit()
    assert visit.state == VisitState.DRAFT
    assert (visit.start_date, visit.end_date, visit.days_on_site) == (start, end, 5)
    assert visit.partnership_id == agreement.id and visit.teaching_hours == 8
    assert _audit(visit) == [("visit.create", FACULTY)]

    # 2. The host's invitation letter, attached on the visit's page.
    page.get_by_label("What is it?").select_option("invitation")
    page.get_by_label("File (PDF, PNG or JPEG)").set_input_files(
        {"name": LETTER, "mimeType": "application/pdf", "buffer": f.PDF_BYTES}
    )
    page.get_by_role("button", name="Attach").click()
    expect(page.locator(".alert-success")).to_contain_text("The file was added.")
    documents = page.locator("[data-documents]")
    expect(documents).to_contain_text("Invitation letter")
    expect(documents.get_by_role("link", name=LETTER)).to_be_visible()
    visit = _visit()
    (document,) = visit.documents
    assert (document.filename, document.content) == (LETTER, f.PDF_BYTES)
    assert _audit(visit)[-1] == ("visit_document.upload", FACULTY)

    # 3. Submit: it waits for the head of unit, who is told by mail.
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".alert-success")).to_contain_text("waits for head of unit")
    expect(page.locator("[data-state='submitted']")).to_be_visible()
    shoot("demo-visit-submitted")
    visit = _visit()
    assert visit.state == VisitState.SUBMITTED and visit.submitted_at is not None
    assert _audit(visit)[-1] == ("visit.submitted", FACULTY)
    assert [str(m["Subject"]) for m in mailbox.to(HEAD)] == [
        "Visit proposal to approve: Dr. Yusuf Rahman"
    ]
    sign_out(page)

    # 4. The head of unit approves the unit step; then the coordinator approves for the office.
    _decide(page, live_server, HEAD, "faculty", visit.id)
    shoot("demo-visit-head-approved")
    sign_out(page)
    visit = _visit()
    assert visit.state == VisitState.UNIT_APPROVED
    assert visit.unit_approved_by.email == HEAD
    assert _audit(visit)[-1] == ("visit.unit_approved", HEAD)

    _decide(page, live_server, COORDINATOR, "coordinator", visit.id)
    sign_out(page)
    visit = _visit()
    assert visit.state == VisitState.APPROVED and visit.approved_by.email == COORDINATOR
    assert _audit(visit)[-1] == ("visit.approved", COORDINATOR)
    assert [str(m["Subject"]) for m in mailbox.to(COORDINATOR)] == [
        "Visit proposal to approve: Dr. Yusuf Rahman"
    ]
    assert f"Visit approved: {visit.title}" in [str(m["Subject"]) for m in mailbox.to(FACULTY)]

    # 5. The faculty member opens the confirmation and prints it.
    sign_in(page, live_server, FACULTY, "faculty", **DEMO)
    page.goto(f"{live_server}/faculty/visits/{visit.id}")
    expect(page.locator("[data-state='approved']")).to_be_visible()
    expect(page.get_by_role("link", name="File the report")).to_have_count(0)  # not yet
    page.get_by_role("link", name="Confirmation").click()
    confirmation = page.locator("[data-confirmation]")
    for text in ("Visit confirmation", f"Reference V-{visit.id}", "Dr. Yusuf Rahman",
                 "University of Cambridge (UK CAMBRID01), Cambridge, United Kingdom",
                 "Dr. Eleanor Whitfield", AGREEMENT_TITLE,
                 "Prof. Hassan Idris", "Nadia Farouk", "1,390.00 GBP", "5 days"):  # fmt: skip
        expect(confirmation).to_contain_text(text)
    print_button = page.get_by_role("button", name="Print or save as PDF")
    expect(print_button).to_be_visible()
    shoot("demo-visit-confirmation")
    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(confirmation).to_be_visible()
    shoot("demo-visit-confirmation-print")
    pdf = tmp_path / "confirmation.pdf"  # what "Save as PDF" in the print dialog gives
    page.pdf(path=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")

    # 6. The visit takes place. Time cannot pass in a test, so move its dates into the past
    # directly in the database (the report is due only after the last day); the academic
    # year follows the first day, as the services keep it.
    visit.start_date = date.today() - timedelta(days=10)
    visit.end_date = date.today() - timedelta(days=6)
    visit.academic_year = staff_days.academic_year_of(visit.start_date)
    db.session.commit()

    # 7. The faculty member files the report: the visit is completed.
    page.goto(f"{live_server}/faculty/visits/{visit.id}")
    expect(page.locator("[data-status]")).to_contain_text("please file your report")
    file_visit_report(page, "A return visit by Dr. Whitfield in spring.")
    expect(page.locator(".alert-success")).to_contain_text("the visit completed")
    expect(page.locator("[data-state='completed']")).to_be_visible()
    expect(page.locator("[data-report]")).to_contain_text("598.20 GBP")
    expect(page.locator("[data-report]")).to_contain_text("Taught 8 hours to 24 MPhil students.")
    timeline = page.locator("[data-timeline]")
    for step in ("Submitted", "Approved by the unit", "Approved", "Completed"):
        expect(timeline).to_contain_text(step)
    shoot("demo-visit-completed")

    visit = _visit()
    assert visit.state == VisitState.COMPLETED and visit.reported_at is not None
    assert str(visit.actual_travel_cost) == "598.20"
    assert _audit(visit) == [
        ("visit.create", FACULTY),
        ("visit_document.upload", FACULTY),
        ("visit.submitted", FACULTY),
        ("visit.unit_approved", HEAD),
        ("visit.approved", COORDINATOR),
        ("visit.completed", FACULTY),
        ("visit.report", FACULTY),
    ]
