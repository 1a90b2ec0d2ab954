"""The student's application screens from submission on: submit, reopen, withdraw, status."""

import io
import re
from datetime import timedelta

from exchange.applications import services
from exchange.applications.models import ApplicationChoice, ApplicationDocument
from exchange.applications.states import ApplicationState as S
from exchange.applications.states import DocumentStatus
from exchange.extensions import db
from tests import factories as f
from tests.applications.helpers import (
    TODAY,
    ready_application,
    submitted_application,
)
from tests.student.application_helpers import (
    count_rows,
    draft_form,
    error_beside,
    make_draft,
    reload,
)

# --- Submit, confirmation, reopen, withdraw -----------------------------------------------


def test_submit_is_refused_while_the_checklist_is_incomplete(login_as):
    application, _made = make_draft()
    client = login_as(application.student)

    response = client.post(f"/student/applications/{application.id}/submit",
                           data=draft_form(application, action="submit"))  # fmt: skip

    assert response.status_code == 422
    assert "Not ready to submit yet" in error_beside(response.get_data(as_text=True), "checklist")
    assert reload(application).state == S.DRAFT


def test_submit_a_complete_draft_shows_the_confirmation_and_mails_the_student(login_as, mailbox):
    application = ready_application()
    client = login_as(application.student)
    page = client.get(f"/student/applications/{application.id}/edit").get_data(as_text=True)

    response = client.post(f"/student/applications/{application.id}/submit",
                           data=draft_form(application, action="submit"))  # fmt: skip
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)

    assert not re.search(r'value="submit"[^>]*disabled', page, re.S)
    assert response.headers["Location"].endswith(f"/applications/{application.id}/submitted")
    saved = reload(application)
    assert saved.state == S.SUBMITTED
    assert f"Submitted on {saved.submitted_at.strftime('%Y-%m-%d')}" in confirmation
    assert "We sent you a confirmation mail" in confirmation
    [mail] = mailbox.to(application.student.email)
    assert "Application submitted" in mail["Subject"]


def test_submit_twice_goes_to_the_confirmation_and_sends_one_mail(login_as, mailbox):
    application = ready_application()
    client = login_as(application.student)
    url = f"/student/applications/{application.id}/submit"
    data = draft_form(application, action="submit")

    client.post(url, data=data)
    second = client.post(url, data=data)

    assert second.headers["Location"].endswith(f"/applications/{application.id}/submitted")
    assert len(mailbox.to(application.student.email)) == 1


def test_submitted_application_can_no_longer_be_edited(login_as):
    application = submitted_application()
    client = login_as(application.student)

    response = client.post(f"/student/applications/{application.id}/edit",
                           data=draft_form(application, motivation="Changed later"))  # fmt: skip

    assert response.headers["Location"].endswith(f"/student/applications/{application.id}")
    assert reload(application).motivation == "I want to study abroad."


def test_reopen_turns_a_submitted_application_into_a_draft_again(login_as):
    application = submitted_application(allow_reopen=True)
    client = login_as(application.student)

    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    response = client.post(f"/student/applications/{application.id}/reopen")

    assert "Reopen for editing" in page
    assert response.headers["Location"].endswith(f"/student/applications/{application.id}/edit")
    saved = reload(application)
    assert (saved.state, saved.submitted_at) == (S.DRAFT, None)


def test_reopen_is_not_offered_when_the_call_does_not_allow_it(login_as):
    application = submitted_application(allow_reopen=False)
    client = login_as(application.student)

    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    response = client.post(f"/student/applications/{application.id}/reopen")

    assert "Reopen for editing" not in page
    assert response.status_code == 403
    assert reload(application).state == S.SUBMITTED


def test_withdraw_with_a_reason_after_a_confirmation_page(login_as, mailbox):
    application = submitted_application()
    client = login_as(application.student)
    url = f"/student/applications/{application.id}/withdraw"

    confirm = client.get(url).get_data(as_text=True)
    response = client.post(url, data={"reason": "I got a scholarship elsewhere."})

    assert "Withdrawing is final" in confirm
    assert response.status_code == 302
    saved = reload(application)
    assert (saved.state, saved.withdraw_reason) == (S.WITHDRAWN, "I got a scholarship elsewhere.")
    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    assert "Withdrawn — you withdrew this application." in page
    assert "I got a scholarship elsewhere." in page
    assert any("withdrawn" in m["Subject"] for m in mailbox.to(application.student.email))


def test_withdraw_with_a_too_long_reason_keeps_it_and_changes_nothing(login_as):
    application, _made = make_draft()
    client = login_as(application.student)
    reason = "z" * 2_001

    response = client.post(f"/student/applications/{application.id}/withdraw",
                           data={"reason": reason})  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert reason in page
    assert error_beside(page, "reason").startswith("Keep this under 2,000 characters")
    assert reload(application).state == S.DRAFT


# --- Status page, timeline, list, deadline, downloads -------------------------------------


def _events(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", e).strip() for e in re.findall(r"data-event>(.*?)</div>", page,
                                                               re.S)]  # fmt: skip


def test_timeline_shows_each_change_in_order(login_as):
    application = submitted_application()
    student = application.student
    services.withdraw_application(application, actor=student, reason="Changed my plans")
    db.session.commit()

    page = login_as(student).get(f"/student/applications/{application.id}").get_data(as_text=True)

    events = [re.sub(r"<.*?>", "", e).strip() for e in _events(page)]
    assert events == [
        "Application started",
        "Draft saved",
        "Uploaded Transcript of records",
        "Uploaded Motivation letter",
        "Submitted",
        "Withdrawn",
    ]
    assert "Changed my plans" in page
    assert "You" in page


def test_status_page_says_what_the_state_means_and_what_happens_next(login_as):
    application = submitted_application()

    page = (
        login_as(application.student)
        .get(f"/student/applications/{application.id}")
        .get_data(as_text=True)
    )

    assert "Submitted — the international office has received your application." in page
    deadline = application.effective_deadline().isoformat()
    assert f"The office checks applications after the deadline, {deadline}" in page


def test_my_applications_empty_state_says_how_to_start(login_as):
    page = login_as(f.student()).get("/student/applications").get_data(as_text=True)

    assert "You have not applied to anything yet." in page
    assert "Find a program in the catalogue" in page


def test_my_applications_lists_only_mine_with_their_state(login_as):
    mine, _made = make_draft()
    other, _made = make_draft()

    page = login_as(mine.student).get("/student/applications").get_data(as_text=True)

    assert re.findall(r'data-application="(\d+)"', page) == [str(mine.id)]
    assert "Continue your draft" in page


def test_dashboard_links_to_my_applications(login_as):
    application, _made = make_draft()

    page = login_as(application.student).get("/student/").get_data(as_text=True)

    assert 'href="/student/applications"' in page
    assert f'data-application="{application.id}"' in page


def test_draft_with_a_closed_choice_says_it_can_no_longer_be_submitted(login_as):
    application, (first, _second) = make_draft()
    first.opens_on = TODAY - timedelta(days=30)
    first.closes_on = TODAY - timedelta(days=1)
    db.session.commit()

    page = (
        login_as(application.student)
        .get(f"/student/applications/{application.id}/edit")
        .get_data(as_text=True)
    )

    assert "This application can no longer be submitted as it is." in page
    assert f"Choice 1, {first.title}, closed on {first.closes_on.isoformat()}." in page
    assert re.search(r'value="submit"[^>]*disabled', page, re.S)


def test_owner_downloads_a_document_as_an_attachment(login_as):
    application = ready_application()
    document = application.current_documents[0]

    response = login_as(application.student).get(
        f"/student/applications/{application.id}/documents/{document.id}"
    )

    assert response.status_code == 200
    assert response.data == f.PDF_BYTES
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_rejected_document_shows_the_reason_and_takes_a_replacement(login_as):
    from exchange.applications.documents import reject_document

    application = submitted_application()
    document = application.current_document("transcript")
    reject_document(document, actor=f.coordinator(), reason="The scan is unreadable")
    db.session.commit()
    client = login_as(application.student)

    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    response = client.post(
        f"/student/applications/{application.id}/documents/transcript",
        data={"document": (io.BytesIO(f.PDF_BYTES), "transcript-clear.pdf")},
    )

    assert "The scan is unreadable" in page
    assert response.status_code == 302
    current = reload(application).current_document("transcript")
    assert current.filename == "transcript-clear.pdf"
    assert db.session.get(ApplicationDocument, document.id).status == DocumentStatus.REPLACED
    assert count_rows(ApplicationChoice) == 2
