"""The student's application screens: apply from the catalogue, the draft editor (choices,
answers, documents), submit, the confirmation and its mail, reopen, withdraw, the timeline
and the deadline."""

import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from exchange.applications import services
from exchange.applications.models import Application, ApplicationChoice, ApplicationDocument
from exchange.applications.states import ApplicationState as S
from exchange.applications.states import DocumentStatus
from exchange.extensions import db
from tests import factories as f
from tests.applications.helpers import (
    TODAY,
    eligible_student,
    open_call,
    ready_application,
    submitted_application,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _draft(programs=2, **call_kw):
    """A started draft with the call's programs as choices in order, nothing else."""
    call, made = open_call(programs, **call_kw)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, choices=[(p.id, None) for p in made])
    db.session.commit()
    return application, made


def _form(application, **values):
    """What the draft page posts: the saved rows plus the given values."""
    data = {
        "version": str(application.version),
        "motivation": application.motivation or "",
        "language": application.language or "",
        "cefr": application.language_level or "",
        "choice_program": [str(c.program_id) for c in application.choices],
        "choice_motivation": [c.motivation or "" for c in application.choices],
        "action": "save",
    }
    return data | values


def _reload(application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)


def _error(page: str, key: str) -> str:
    found = re.search(rf'data-error="{re.escape(key)}">([^<]*)<', page)
    return found.group(1).strip() if found else ""


# --- Apply from the catalogue -------------------------------------------------------------


def test_apply_from_catalogue_starts_a_draft_with_the_program_as_first_choice(login_as):
    call, (first, _second) = open_call(2)
    student = eligible_student()
    client = login_as(student)

    catalogue = client.get("/student/programs").get_data(as_text=True)
    response = client.post(f"/student/programs/{first.id}/apply")

    assert f'action="/student/programs/{first.id}/apply"' in catalogue
    application = db.session.scalar(select(Application).where(Application.student_id == student.id))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/student/applications/{application.id}/edit")
    assert application.call_id == call.id
    assert [c.program_id for c in application.choices] == [first.id]


def test_apply_to_a_second_program_of_the_call_adds_it_as_choice_two(login_as):
    _call, (first, second) = open_call(2)
    student = eligible_student()
    client = login_as(student)
    client.post(f"/student/programs/{first.id}/apply")

    page = client.get(f"/student/programs/{second.id}").get_data(as_text=True)
    client.post(f"/student/programs/{second.id}/apply")

    assert "Add to my application" in page
    [application] = db.session.scalars(select(Application)).all()
    assert [c.program_id for c in application.choices] == [first.id, second.id]


def test_apply_is_not_offered_to_an_ineligible_student_and_says_why(login_as):
    _call, (program, _other) = open_call(2)
    student = f.student()  # no English level declared
    client = login_as(student)

    page = client.get(f"/student/programs/{program.id}").get_data(as_text=True)
    response = client.post(f"/student/programs/{program.id}/apply")

    assert f'action="/student/programs/{program.id}/apply"' not in page
    assert "You cannot apply to this program now; the reasons are above." in page
    assert "Add your English level to your profile." in page
    assert response.status_code == 302
    assert _count(Application) == 0


def test_apply_to_a_program_already_chosen_opens_the_draft(login_as):
    application, (first, _second) = _draft()
    client = login_as(application.student)

    page = client.get(f"/student/programs/{first.id}").get_data(as_text=True)
    response = client.post(f"/student/programs/{first.id}/apply")

    assert "This program is choice 1 in your draft application." in page
    assert response.headers["Location"].endswith(f"/student/applications/{application.id}/edit")
    assert len(_reload(application).choices) == 2


# --- The draft editor ---------------------------------------------------------------------


def test_draft_page_says_how_many_programs_can_be_ranked_and_lists_what_is_missing(login_as):
    application, _made = _draft(max_choices=3)

    page = (
        login_as(application.student)
        .get(f"/student/applications/{application.id}/edit")
        .get_data(as_text=True)
    )

    assert "You can rank up to 3 programs." in page
    assert "Upload your Transcript of records." in page
    assert re.search(r'value="submit"[^>]*disabled', page, re.S)


def test_save_draft_keeps_everything_typed(login_as):
    application, (first, second) = _draft()
    client = login_as(application.student)

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=_form(application, motivation="Learning from other labs.", language="en",
                   cefr="C1", choice_motivation=["Strong AI group.", ""]),
    )  # fmt: skip

    saved = _reload(application)
    assert response.status_code == 302
    assert (saved.motivation, saved.language, saved.language_level) == (
        "Learning from other labs.", "en", "C1")  # fmt: skip
    assert [(c.program_id, c.motivation) for c in saved.choices] == [
        (first.id, "Strong AI group."), (second.id, None)]  # fmt: skip


def test_draft_with_invalid_input_keeps_every_value_typed_and_saves_nothing(login_as):
    application, _made = _draft()
    client = login_as(application.student)
    too_long = "x" * 10_001

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=_form(application, motivation=too_long, language="de", cefr="B1",
                   choice_motivation=["Their robotics lab, ĉu ne?", "Sea and sun"]),
    )  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error(page, "motivation").startswith("Keep this under 10,000 characters")
    assert too_long in page
    assert "Their robotics lab, ĉu ne?" in page and "Sea and sun" in page
    assert '<option value="de" selected>' in page
    assert '<option value="B1" selected>' in page
    saved = _reload(application)
    assert (saved.motivation, saved.language, saved.language_level) == (None, None, None)
    assert [c.motivation for c in saved.choices] == [None, None]


def test_too_long_choice_motivation_is_shown_beside_that_choice(login_as):
    application, _made = _draft()
    client = login_as(application.student)

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=_form(application, motivation="Fine.", choice_motivation=["ok", "y" * 10_001]),
    )

    assert response.status_code == 422
    assert _error(response.get_data(as_text=True), "choice-1").startswith("Keep this under")
    assert _reload(application).motivation is None


def test_move_a_choice_up_saves_the_new_order_and_the_typing(login_as):
    application, (first, second) = _draft()
    client = login_as(application.student)

    client.post(
        f"/student/applications/{application.id}/edit",
        data=_form(application, motivation="Typed before moving.", action="up:1"),
    )

    saved = _reload(application)
    assert [c.program_id for c in saved.choices] == [second.id, first.id]
    assert saved.motivation == "Typed before moving."


def test_remove_a_choice_moves_the_others_up(login_as):
    application, (first, second, third) = _draft(3)
    client = login_as(application.student)

    client.post(f"/student/applications/{application.id}/edit",
                data=_form(application, action="remove:0"))  # fmt: skip

    saved = _reload(application)
    assert [(c.rank, c.program_id) for c in saved.choices] == [(1, second.id), (2, third.id)]
    assert db.session.get(type(first), first.id) is not None


def test_add_a_program_of_the_call_from_the_draft_page(login_as):
    call, made = open_call(2)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, choices=[(made[0].id, None)])
    db.session.commit()
    client = login_as(student)

    page = client.get(f"/student/applications/{application.id}/edit").get_data(as_text=True)
    client.post(f"/student/applications/{application.id}/edit",
                data=_form(application, add_program=str(made[1].id), action="add"))  # fmt: skip

    assert f'<option value="{made[1].id}"' in page
    assert [c.program_id for c in _reload(application).choices] == [made[0].id, made[1].id]


def test_upload_replace_and_remove_a_document(login_as):
    application, _made = _draft()
    client = login_as(application.student)
    url = f"/student/applications/{application.id}/edit"

    client.post(url, data=_form(application, **{
        "document-transcript": (io.BytesIO(f.PDF_BYTES), "Zeugnis für 2025.pdf")}))  # fmt: skip
    first = db.session.scalar(select(ApplicationDocument))
    page = client.get(url).get_data(as_text=True)
    client.post(url, data=_form(_reload(application), **{
        "document-transcript": (io.BytesIO(f.PNG_BYTES), "scan.png")}))  # fmt: skip
    documents = db.session.scalars(select(ApplicationDocument).order_by(ApplicationDocument.id))
    old, new = documents.all()

    assert "Zeugnis für 2025.pdf" in page
    assert first.filename == "Zeugnis für 2025.pdf"
    assert (old.status, new.status, new.filename) == (
        DocumentStatus.REPLACED, DocumentStatus.CURRENT, "scan.png")  # fmt: skip

    new_id = new.id
    client.post(url, data=_form(_reload(application), action=f"remove_document:{new_id}"))

    assert db.session.get(ApplicationDocument, new_id) is None
    assert _reload(application).current_documents == []


def test_upload_that_is_not_a_pdf_is_refused_beside_its_field_and_typing_is_kept(login_as):
    application, _made = _draft()
    client = login_as(application.student)

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=_form(application, motivation="Kept across the refusal.", **{
            "document-transcript": (io.BytesIO(b"<html><script>alert(1)</script>"), "cv.pdf")}),
    )  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Web pages and SVG images are not accepted" in _error(page, "document-transcript")
    assert "Kept across the refusal." in page
    assert _count(ApplicationDocument) == 0


def test_upload_over_the_size_limit_is_explained_beside_the_field(app, login_as):
    application, _made = _draft()
    client = login_as(application.student)
    app.config["UPLOAD_MAX_BYTES"] = 50
    try:
        response = client.post(
            f"/student/applications/{application.id}/edit",
            data=_form(application, **{
                "document-transcript": (io.BytesIO(f.PDF_BYTES + b"x" * 100), "big.pdf")}),
        )  # fmt: skip
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024

    assert response.status_code == 422
    assert "The file is larger than 50 B" in _error(response.get_data(as_text=True),
                                                    "document-transcript")  # fmt: skip
    assert _count(ApplicationDocument) == 0


def test_request_over_the_site_limit_gets_the_413_page(app, login_as):
    application, _made = _draft()
    client = login_as(application.student)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = client.post(
            f"/student/applications/{application.id}/edit",
            data=_form(application, **{
                "document-transcript": (io.BytesIO(f.PDF_BYTES + b"x" * 5000), "big.pdf")}),
        )  # fmt: skip
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 12 * 1024 * 1024

    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    assert _count(ApplicationDocument) == 0


def test_draft_page_checks_file_sizes_before_uploading(login_as):
    application, _made = _draft()

    page = (
        login_as(application.student)
        .get(f"/student/applications/{application.id}/edit")
        .get_data(as_text=True)
    )

    assert f'data-max-bytes="{10 * 1024 * 1024}"' in page
    assert "draft.js" in page


# --- Submit, confirmation, reopen, withdraw -----------------------------------------------


def test_submit_is_refused_while_the_checklist_is_incomplete(login_as):
    application, _made = _draft()
    client = login_as(application.student)

    response = client.post(f"/student/applications/{application.id}/submit",
                           data=_form(application, action="submit"))  # fmt: skip

    assert response.status_code == 422
    assert "Not ready to submit yet" in _error(response.get_data(as_text=True), "checklist")
    assert _reload(application).state == S.DRAFT


def test_submit_a_complete_draft_shows_the_confirmation_and_mails_the_student(login_as, mailbox):
    application = ready_application()
    client = login_as(application.student)
    page = client.get(f"/student/applications/{application.id}/edit").get_data(as_text=True)

    response = client.post(f"/student/applications/{application.id}/submit",
                           data=_form(application, action="submit"))  # fmt: skip
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)

    assert not re.search(r'value="submit"[^>]*disabled', page, re.S)
    assert response.headers["Location"].endswith(f"/applications/{application.id}/submitted")
    saved = _reload(application)
    assert saved.state == S.SUBMITTED
    assert f"Submitted on {saved.submitted_at.strftime('%Y-%m-%d')}" in confirmation
    assert "We sent you a confirmation mail" in confirmation
    [mail] = mailbox.to(application.student.email)
    assert "Application submitted" in mail["Subject"]


def test_submit_twice_goes_to_the_confirmation_and_sends_one_mail(login_as, mailbox):
    application = ready_application()
    client = login_as(application.student)
    url = f"/student/applications/{application.id}/submit"
    data = _form(application, action="submit")

    client.post(url, data=data)
    second = client.post(url, data=data)

    assert second.headers["Location"].endswith(f"/applications/{application.id}/submitted")
    assert len(mailbox.to(application.student.email)) == 1


def test_submitted_application_can_no_longer_be_edited(login_as):
    application = submitted_application()
    client = login_as(application.student)

    response = client.post(f"/student/applications/{application.id}/edit",
                           data=_form(application, motivation="Changed later"))  # fmt: skip

    assert response.headers["Location"].endswith(f"/student/applications/{application.id}")
    assert _reload(application).motivation == "I want to study abroad."


def test_reopen_turns_a_submitted_application_into_a_draft_again(login_as):
    application = submitted_application(allow_reopen=True)
    client = login_as(application.student)

    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    response = client.post(f"/student/applications/{application.id}/reopen")

    assert "Reopen for editing" in page
    assert response.headers["Location"].endswith(f"/student/applications/{application.id}/edit")
    saved = _reload(application)
    assert (saved.state, saved.submitted_at) == (S.DRAFT, None)


def test_reopen_is_not_offered_when_the_call_does_not_allow_it(login_as):
    application = submitted_application(allow_reopen=False)
    client = login_as(application.student)

    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    response = client.post(f"/student/applications/{application.id}/reopen")

    assert "Reopen for editing" not in page
    assert response.status_code == 403
    assert _reload(application).state == S.SUBMITTED


def test_withdraw_with_a_reason_after_a_confirmation_page(login_as, mailbox):
    application = submitted_application()
    client = login_as(application.student)
    url = f"/student/applications/{application.id}/withdraw"

    confirm = client.get(url).get_data(as_text=True)
    response = client.post(url, data={"reason": "I got a scholarship elsewhere."})

    assert "Withdrawing is final" in confirm
    assert response.status_code == 302
    saved = _reload(application)
    assert (saved.state, saved.withdraw_reason) == (S.WITHDRAWN, "I got a scholarship elsewhere.")
    page = client.get(f"/student/applications/{application.id}").get_data(as_text=True)
    assert "Withdrawn — you withdrew this application." in page
    assert "I got a scholarship elsewhere." in page
    assert any("withdrawn" in m["Subject"] for m in mailbox.to(application.student.email))


def test_withdraw_with_a_too_long_reason_keeps_it_and_changes_nothing(login_as):
    application, _made = _draft()
    client = login_as(application.student)
    reason = "z" * 2_001

    response = client.post(f"/student/applications/{application.id}/withdraw",
                           data={"reason": reason})  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert reason in page
    assert _error(page, "reason").startswith("Keep this under 2,000 characters")
    assert _reload(application).state == S.DRAFT


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
    mine, _made = _draft()
    other, _made = _draft()

    page = login_as(mine.student).get("/student/applications").get_data(as_text=True)

    assert re.findall(r'data-application="(\d+)"', page) == [str(mine.id)]
    assert "Continue your draft" in page


def test_dashboard_links_to_my_applications(login_as):
    application, _made = _draft()

    page = login_as(application.student).get("/student/").get_data(as_text=True)

    assert 'href="/student/applications"' in page
    assert f'data-application="{application.id}"' in page


def test_draft_with_a_closed_choice_says_it_can_no_longer_be_submitted(login_as):
    application, (first, _second) = _draft()
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
    current = _reload(application).current_document("transcript")
    assert current.filename == "transcript-clear.pdf"
    assert db.session.get(ApplicationDocument, document.id).status == DocumentStatus.REPLACED
    assert _count(ApplicationChoice) == 2
