"""Issue 4's "done when" on the demo data, in real Chromium: the demo student applies end to end
(catalogue, draft with every required document, submit, confirmation, timeline), the demo
coordinator finds the application with its documents and downloads one as an attachment, and
every mail the outbox queued reached the test SMTP server."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from exchange.accounts.models import User
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.demo.loader import academic_year_of, load_demo
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage, OutboxState
from exchange.programs.calls import Call
from exchange.reference import academic_year_label
from tests import factories as f
from tests.browser.helpers import DEMO, sign_in

pytestmark = pytest.mark.browser

STUDENT = "student@meridian.example"
COORDINATOR = "coordinator@meridian.example"
PROGRAM = "AI and data science year in Toronto"
# The program's required documents (exchange/demo/data.py) and the file chosen for each.
FILES = {
    "transcript": "Transcript MU2023-0412.pdf",
    "motivation": "Motivation letter – Toronto.pdf",
    "language": "IELTS certificate.pdf",
    "passport": "Passport Layla Haddad.png",
}


def _payload(name: str) -> dict:
    if name.endswith(".png"):
        return {"name": name, "mimeType": "image/png", "buffer": f.PNG_BYTES}
    return {"name": name, "mimeType": "application/pdf", "buffer": f.PDF_BYTES}


def test_demo_student_applies_and_demo_coordinator_sees_the_application_with_its_documents(
    live_server, page, shoot, mailbox
):
    load_demo()
    db.session.commit()
    call_title = (
        f"Semester and year abroad {academic_year_label(academic_year_of(date.today()) + 1)}"
    )
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation of Submit

    # The demo student signs in through the form and finds the program in the catalogue.
    sign_in(page, live_server, STUDENT, "student", **DEMO)
    page.get_by_role("link", name="Browse all programs").click()
    page.get_by_role("searchbox", name="Search").fill("Toronto")
    page.get_by_role("button", name="Show programs").click()
    page.get_by_role("link", name=PROGRAM).click()
    shoot("demo-apply-program")
    page.get_by_role("button", name=re.compile(r"^Apply")).click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit$"))

    # The draft: motivation, language, and every required document of the program.
    page.get_by_label("Why do you want to study abroad").fill(
        "To study machine learning with the Vector Institute's groups and bring the methods "
        "back to our AI department."
    )
    page.get_by_label("Language of study").select_option("en")
    page.get_by_label("Your level (CEFR)").select_option("C1")
    for doc_type, name in FILES.items():
        page.locator(f"#document-{doc_type}").set_input_files(_payload(name))
    shoot("demo-apply-draft-filled")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft and files are saved.")).to_be_visible()
    expect(page.get_by_text("Everything is in place: you can submit.")).to_be_visible()
    for name in FILES.values():
        expect(page.get_by_role("link", name=name)).to_be_visible()
    shoot("demo-apply-draft-saved")

    # Submit, the confirmation page, the timeline.
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_url(re.compile(r"/submitted$"))
    expect(page.get_by_role("heading", name="Your application is submitted")).to_be_visible()
    expect(page.get_by_text(f"We sent you a confirmation mail at {STUDENT}")).to_be_visible()
    expect(page.get_by_role("link", name=PROGRAM)).to_be_visible()
    shoot("demo-apply-submitted")
    page.get_by_role("link", name="See your application and its timeline").click()
    events = page.locator("[data-timeline] [data-event]").all_inner_texts()
    assert events == [
        "Application started",
        "Draft saved",  # the choice from Apply
        "Uploaded Transcript of records",
        "Uploaded Motivation letter",
        "Uploaded Language certificate",
        "Uploaded Passport copy",
        "Draft saved",  # motivation and language, saved with the files
        "Submitted",
    ]
    shoot("demo-apply-timeline")

    db.session.rollback()  # see what the live server committed
    # The demo holds other calls' applications too (the selection round): find this one.
    application = db.session.scalar(
        select(Application)
        .join(User, User.id == Application.student_id)
        .join(Call, Call.id == Application.call_id)
        .where(User.email == STUDENT, Call.title == call_title)
    )
    assert application.state == ApplicationState.SUBMITTED
    assert application.call.title == call_title
    assert [c.program.title for c in application.choices] == [PROGRAM]
    (confirmation,) = mailbox.to(STUDENT)
    assert confirmation["Subject"] == f"Application submitted: {call_title}"
    assert PROGRAM in confirmation.get_content()

    # The demo coordinator: Calls -> the call -> its applications -> the application.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, COORDINATOR, "coordinator", **DEMO)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calls").click()
    page.get_by_role("link", name=call_title).click()
    shoot("demo-coordinator-call")
    page.get_by_role("link", name="Applications", exact=True).click()
    shoot("demo-coordinator-applications")
    page.get_by_role("link", name="Layla Haddad").click()
    page.wait_for_url(re.compile(rf"/applications/{application.id}$"))
    expect(page.get_by_role("heading", name="Layla Haddad", level=1)).to_be_visible()
    choices = page.locator("section[aria-labelledby=choices-heading] li")
    expect(choices).to_have_count(1)
    expect(choices.first).to_contain_text("Choice 1:")
    expect(choices.first.get_by_role("link", name=PROGRAM)).to_be_visible()
    documents = page.locator("#documents")
    for name in FILES.values():
        expect(documents.get_by_role("link", name=name)).to_be_visible()
    shoot("demo-coordinator-application")

    # A document downloads as an attachment, byte for byte, under its original name.
    transcript = documents.get_by_role("link", name=FILES["transcript"])
    with page.expect_download() as download_info:
        transcript.click()
    download = download_info.value
    assert download.suggested_filename == FILES["transcript"]
    assert Path(download.path()).read_bytes() == f.PDF_BYTES
    response = page.request.get(live_server + transcript.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.body() == f.PDF_BYTES

    # Every mail the outbox queued was delivered, and the SMTP server received each one.
    db.session.rollback()
    outbox = db.session.scalars(select(OutboxMessage)).all()
    assert outbox, "submitting queued no mail"
    assert {m.state for m in outbox} == {OutboxState.SENT}
    received = sorted((m["To"], str(m["Subject"])) for m in mailbox.messages)
    assert received == sorted((m.recipient, m.subject) for m in outbox)
