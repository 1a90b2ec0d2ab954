"""The student's main journey in real Chromium: sign in, find a program, apply with two ranked
choices and a document, submit, and read the timeline."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.programs.states import DocumentType
from tests import factories as f

pytestmark = pytest.mark.browser


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": f.PDF_BYTES}


def test_student_applies_with_two_ranked_choices_and_a_document_then_sees_the_timeline(
    live_server, page, shoot, mailbox
):
    call = f.call(title="Outgoing exchange 2026", max_choices=3)
    docs = [DocumentType.TRANSCRIPT]
    f.program(call=call, title="AI year in Toronto", required_documents=docs)
    f.program(call=call, title="Robotics semester in Delft", required_documents=docs)
    student = f.student(email="layla@example.edu", full_name="Layla Haddad")
    f.student_language(student, "en", "C1")
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of Remove and Submit

    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(student.email)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/student/$"))

    page.get_by_role("link", name="Browse all programs").click()
    page.get_by_role("searchbox", name="Search").fill("Toronto")
    page.get_by_role("button", name="Show programs").click()
    page.get_by_role("link", name="AI year in Toronto").click()
    shoot("apply-program")
    page.get_by_role("button", name=re.compile(r"^Apply")).click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit$"))
    assert page.get_by_text("You can rank up to 3 programs.").is_visible()

    delft = page.locator("#add_program option", has_text="Delft").get_attribute("value")
    page.get_by_label("Add a program of this call").select_option(delft)
    page.get_by_role("button", name="Add as choice 2").click()
    page.get_by_label("Why this destination?").nth(1).fill("Delft's robotics lab.")
    page.get_by_label("Why do you want to study abroad").fill("To learn from other labs.")
    page.get_by_label("Language of study").select_option("en")
    page.get_by_label("Your level (CEFR)").select_option("C1")
    page.locator("#document-transcript").set_input_files(_pdf("Transcript 2025.pdf"))
    shoot("apply-draft-filled")
    page.get_by_role("button", name="Save draft").click()
    assert "Your draft and files are saved." in page.content()
    assert page.get_by_text("Everything is in place: you can submit.").is_visible()
    assert page.get_by_role("link", name="Transcript 2025.pdf").is_visible()
    ranked = page.locator("li[data-choice] a.fw-semibold").all_inner_texts()
    assert ranked == ["AI year in Toronto", "Robotics semester in Delft"]
    shoot("apply-draft-saved")

    page.get_by_role("button", name="Submit application").click()
    page.wait_for_url(re.compile(r"/submitted$"))
    assert page.get_by_text("Your application is submitted").is_visible()
    shoot("apply-submitted")

    page.get_by_role("link", name="See your application and its timeline").click()
    events = page.locator("[data-timeline] [data-event]").all_inner_texts()
    assert events == [
        "Application started",
        "Draft saved (2 times)",  # the first choice from Apply, the second from the editor
        "Uploaded Transcript of records",
        "Draft saved",  # motivation and language, saved with the file
        "Submitted",
    ]
    shoot("apply-timeline")

    db.session.rollback()
    application = db.session.scalar(select(Application))
    assert application.state == ApplicationState.SUBMITTED
    assert [c.program.title for c in application.choices] == [
        "AI year in Toronto",
        "Robotics semester in Delft",
    ]
    assert [m["Subject"] for m in mailbox.to(student.email)] == [
        "Application submitted: Outgoing exchange 2026"
    ]
