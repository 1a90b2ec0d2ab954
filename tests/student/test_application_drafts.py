"""The student's application screens before submission: apply, the draft editor, uploads."""

import io
import re

from sqlalchemy import select

from exchange.applications import services
from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.states import DocumentStatus
from exchange.extensions import db
from tests import factories as f
from tests.applications.helpers import (
    eligible_student,
    open_call,
)
from tests.student.application_helpers import (
    count_rows,
    draft_form,
    error_beside,
    make_draft,
    reload,
)

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
    assert count_rows(Application) == 0


def test_apply_to_a_program_already_chosen_opens_the_draft(login_as):
    application, (first, _second) = make_draft()
    client = login_as(application.student)

    page = client.get(f"/student/programs/{first.id}").get_data(as_text=True)
    response = client.post(f"/student/programs/{first.id}/apply")

    assert "This program is choice 1 in your draft application." in page
    assert response.headers["Location"].endswith(f"/student/applications/{application.id}/edit")
    assert len(reload(application).choices) == 2


# --- The draft editor ---------------------------------------------------------------------


def test_draft_page_says_how_many_programs_can_be_ranked_and_lists_what_is_missing(login_as):
    application, _made = make_draft(max_choices=3)

    page = (
        login_as(application.student)
        .get(f"/student/applications/{application.id}/edit")
        .get_data(as_text=True)
    )

    assert "You can rank up to 3 programs." in page
    assert "Upload your Transcript of records." in page
    assert re.search(r'value="submit"[^>]*disabled', page, re.S)


def test_save_draft_keeps_everything_typed(login_as):
    application, (first, second) = make_draft()
    client = login_as(application.student)

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=draft_form(application, motivation="Learning from other labs.", language="en",
                   cefr="C1", choice_motivation=["Strong AI group.", ""]),
    )  # fmt: skip

    saved = reload(application)
    assert response.status_code == 302
    assert (saved.motivation, saved.language, saved.language_level) == (
        "Learning from other labs.", "en", "C1")  # fmt: skip
    assert [(c.program_id, c.motivation) for c in saved.choices] == [
        (first.id, "Strong AI group."), (second.id, None)]  # fmt: skip


def test_draft_with_invalid_input_keeps_every_value_typed_and_saves_nothing(login_as):
    application, _made = make_draft()
    client = login_as(application.student)
    too_long = "x" * 10_001

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=draft_form(application, motivation=too_long, language="de", cefr="B1",
                   choice_motivation=["Their robotics lab, ĉu ne?", "Sea and sun"]),
    )  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error_beside(page, "motivation").startswith("Keep this under 10,000 characters")
    assert too_long in page
    assert "Their robotics lab, ĉu ne?" in page and "Sea and sun" in page
    assert '<option value="de" selected>' in page
    assert '<option value="B1" selected>' in page
    saved = reload(application)
    assert (saved.motivation, saved.language, saved.language_level) == (None, None, None)
    assert [c.motivation for c in saved.choices] == [None, None]


def test_too_long_choice_motivation_is_shown_beside_that_choice(login_as):
    application, _made = make_draft()
    client = login_as(application.student)

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=draft_form(application, motivation="Fine.", choice_motivation=["ok", "y" * 10_001]),
    )

    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "choice-1").startswith("Keep this under")
    assert reload(application).motivation is None


def test_move_a_choice_up_saves_the_new_order_and_the_typing(login_as):
    application, (first, second) = make_draft()
    client = login_as(application.student)

    client.post(
        f"/student/applications/{application.id}/edit",
        data=draft_form(application, motivation="Typed before moving.", action="up:1"),
    )

    saved = reload(application)
    assert [c.program_id for c in saved.choices] == [second.id, first.id]
    assert saved.motivation == "Typed before moving."


def test_remove_a_choice_moves_the_others_up(login_as):
    application, (first, second, third) = make_draft(3)
    client = login_as(application.student)

    client.post(f"/student/applications/{application.id}/edit",
                data=draft_form(application, action="remove:0"))  # fmt: skip

    saved = reload(application)
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
    data = draft_form(application, add_program=str(made[1].id), action="add")
    client.post(f"/student/applications/{application.id}/edit", data=data)

    assert f'<option value="{made[1].id}"' in page
    assert [c.program_id for c in reload(application).choices] == [made[0].id, made[1].id]


def test_upload_replace_and_remove_a_document(login_as):
    application, _made = make_draft()
    client = login_as(application.student)
    url = f"/student/applications/{application.id}/edit"

    client.post(url, data=draft_form(application, **{
        "document-transcript": (io.BytesIO(f.PDF_BYTES), "Zeugnis für 2025.pdf")}))  # fmt: skip
    first = db.session.scalar(select(ApplicationDocument))
    page = client.get(url).get_data(as_text=True)
    client.post(url, data=draft_form(reload(application), **{
        "document-transcript": (io.BytesIO(f.PNG_BYTES), "scan.png")}))  # fmt: skip
    documents = db.session.scalars(select(ApplicationDocument).order_by(ApplicationDocument.id))
    old, new = documents.all()

    assert "Zeugnis für 2025.pdf" in page
    assert first.filename == "Zeugnis für 2025.pdf"
    assert (old.status, new.status, new.filename) == (
        DocumentStatus.REPLACED, DocumentStatus.CURRENT, "scan.png")  # fmt: skip

    new_id = new.id
    client.post(url, data=draft_form(reload(application), action=f"remove_document:{new_id}"))

    assert db.session.get(ApplicationDocument, new_id) is None
    assert reload(application).current_documents == []


def test_upload_that_is_not_a_pdf_is_refused_beside_its_field_and_typing_is_kept(login_as):
    application, _made = make_draft()
    client = login_as(application.student)

    response = client.post(
        f"/student/applications/{application.id}/edit",
        data=draft_form(application, motivation="Kept across the refusal.", **{
            "document-transcript": (io.BytesIO(b"<html><script>alert(1)</script>"), "cv.pdf")}),
    )  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Web pages and SVG images are not accepted" in error_beside(page, "document-transcript")
    assert "Kept across the refusal." in page
    assert count_rows(ApplicationDocument) == 0


def _post_big_transcript(client, application, padding: int):
    """Saves the draft with a PDF transcript `padding` bytes longer than the sample one."""
    return client.post(
        f"/student/applications/{application.id}/edit",
        data=draft_form(application, **{
            "document-transcript": (io.BytesIO(f.PDF_BYTES + b"x" * padding), "big.pdf")}),
    )  # fmt: skip


def test_upload_over_the_size_limit_is_explained_beside_the_field(app, login_as, monkeypatch):
    application, _made = make_draft()
    client = login_as(application.student)
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 50)
    response = _post_big_transcript(client, application, 100)

    assert response.status_code == 422
    assert "The file is larger than 50 B" in error_beside(response.get_data(as_text=True),
                                                    "document-transcript")  # fmt: skip
    assert count_rows(ApplicationDocument) == 0


def test_request_over_the_site_limit_gets_the_413_page(app, login_as, monkeypatch):
    application, _made = make_draft()
    client = login_as(application.student)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = _post_big_transcript(client, application, 5000)

    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    assert count_rows(ApplicationDocument) == 0


def test_draft_page_checks_file_sizes_before_uploading(login_as):
    application, _made = make_draft()

    page = (
        login_as(application.student)
        .get(f"/student/applications/{application.id}/edit")
        .get_data(as_text=True)
    )

    assert f'data-max-bytes="{10 * 1024 * 1024}"' in page
    assert "draft.js" in page
