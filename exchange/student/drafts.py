"""The draft editor: ranked choices, motivation, the language answer and the documents, saved
together, and the submission that starts from the same form.

Each part is saved in its own savepoint: a part that breaks a rule is rolled back and its
message shown beside its field with what was typed, while the parts that were fine (a file
the student chose, which a browser cannot keep across a re-rendered page) are kept.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.languages import language_levels
from exchange.applications import documents, policy, services
from exchange.applications.checklist import missing_items
from exchange.applications.states import ApplicationState
from exchange.applications.student_view import closed_choices, document_rows
from exchange.programs.eligibility import check
from exchange.programs.states import DocumentType
from exchange.reference import CEFR_LEVELS, language_choices
from exchange.student.applications import (
    detail_url,
    edit_url,
    own_application_or_404,
    store_upload,
)
from exchange.student.draft_form import DraftInput
from exchange.student.views import bp
from exchange.transactions import commit
from exchange.web import actor, authorize, page, quiet_attempt, refuse


def _error_key(error, rows: int, adding: bool) -> str:
    """Where the draft's message shows: beside the choice, the field, or above the form."""
    index = getattr(error, "index", None)
    if adding and index is not None and index >= rows:
        return "add_program"  # the program being added is past the posted rows
    if error.field in ("choices", "choice_motivation"):
        if index is not None and index < rows:
            return f"choice-{index}"
        return "choices"
    if error.field in ("motivation", "language", "cefr"):
        return error.field
    return "form"


def _save_posted(application, posted: DraftInput) -> dict[str, str]:
    """Store what the form holds; returns the messages of the parts that were refused."""
    errors: dict[str, str] = {}
    student = actor()
    for doc_type, upload in posted.files.items():
        with quiet_attempt() as done:
            store_upload(application, doc_type, upload)
        if done.error:
            errors[f"document-{doc_type.value}"] = str(done.error)
    verb, argument = posted.verb()
    if verb == "remove_document":
        document = next((d for d in application.documents if d.id == argument), None)
        if document is not None and policy.can_remove_document(current_user, document):
            with quiet_attempt() as done:
                documents.remove_document(document, actor=student)
            if done.error:
                errors[f"document-{document.doc_type.value}"] = str(done.error)
    rows = posted.arranged_rows()
    choices = posted.choices(rows)
    if verb == "add" and posted.add_program:
        choices.append((posted.add_program, ""))
    with quiet_attempt() as done:
        services.save_draft(
            application,
            actor=student,
            motivation=posted.motivation,
            language=posted.language,
            cefr=posted.cefr,
            choices=choices,
            # The certificate answer is the language document itself.
            has_certificate=application.current_document(DocumentType.LANGUAGE) is not None,
            expected_version=posted.version,
        )
    if done.error:
        errors[_error_key(done.error, len(rows), adding=verb == "add")] = str(done.error)
    return errors


def _saved_message(posted: DraftInput) -> str:
    verb, _index = posted.verb()
    words = {
        "up": _("Moved up; your draft is saved."),
        "down": _("Moved down; your draft is saved."),
        "remove": _("The program was removed from your choices; your draft is saved."),
        "remove_document": _("The file was removed; your draft is saved."),
        "add": _("The program was added to your choices; your draft is saved."),
    }
    if verb == "save" and posted.files:
        return _("Your draft and files are saved.")
    return words.get(verb, _("Your draft is saved."))


def _anchor(posted: DraftInput) -> str | None:
    verb, _index = posted.verb()
    if verb in ("up", "down", "remove", "add"):
        return "choices"
    if verb == "remove_document" or posted.files:
        return "documents"
    return None


def render_editor(application, posted: DraftInput, errors: dict[str, str], status=None):
    today = date.today()
    call = application.call
    chosen = {r.program_id for r in posted.rows}
    levels = language_levels(current_user)
    addable = [
        (p, check(current_user, p, levels, today))
        for p in call.open_programs(today)
        if str(p.id) not in chosen
    ]
    missing = missing_items(application, today)
    return page(
        "student/application_edit.html",
        status=status,
        application=application,
        call=call,
        posted=posted,
        errors=errors,
        addable=addable,
        missing=missing,
        can_submit=policy.can_submit(current_user, application) and not missing,
        closed=closed_choices(application, today),
        deadline=application.effective_deadline(),
        documents=document_rows(application),
        languages=language_choices(),
        levels=CEFR_LEVELS,
        max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
        max_request=current_app.config.get("MAX_CONTENT_LENGTH"),
        today=today,
    )


def _programs_by_id(application) -> dict:
    return {p.id: p for p in application.call.programs}


def _submitted_url(application) -> str:
    return url_for("student.application_submitted", application_id=application.id)


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
def application_edit(application_id: int):
    application = own_application_or_404(application_id)
    if application.state != ApplicationState.DRAFT:
        return refuse(
            detail_url(application),
            _(
                "This application is %(state)s; it can no longer be edited.",
                state=application.state.label.lower(),
            ),
            "info",
        )
    authorize(policy.can_edit(current_user, application))
    if request.method == "GET":
        return render_editor(application, DraftInput.from_application(application), {})
    posted = DraftInput.from_request(request.form, request.files, _programs_by_id(application))
    errors = _save_posted(application, posted)
    commit()  # the parts that passed; the refused ones were rolled back to their savepoint
    if application.state != ApplicationState.DRAFT:
        # Submitted meanwhile (another tab, a double click): it is frozen now.
        return redirect(detail_url(application))
    if errors:
        posted.rows, posted.action = posted.arranged_rows(), "save"
        posted.version = application.version
        return render_editor(application, posted, errors, 422)
    flash(_saved_message(posted), "success")  # committed above
    return redirect(edit_url(application, _anchor(posted)))


@bp.post("/applications/<int:application_id>/submit")
def application_submit(application_id: int):
    """Save what the form holds, then submit; a second click finds it submitted already."""
    application = own_application_or_404(application_id)
    if application.state == ApplicationState.SUBMITTED:
        return redirect(_submitted_url(application))
    authorize(policy.can_submit(current_user, application))
    posted = DraftInput.from_request(request.form, request.files, _programs_by_id(application))
    errors = _save_posted(application, posted) if request.form.get("version") else {}
    if not errors:
        with quiet_attempt() as done:
            services.submit_application(application, actor=actor(), today=date.today())
        if done.error:
            errors["checklist" if done.error.field == "checklist" else "form"] = str(done.error)
    commit()  # what was saved stays, whether or not the submission went through
    if application.state == ApplicationState.SUBMITTED:
        return redirect(_submitted_url(application))
    posted.version = application.version
    return render_editor(application, posted, errors, 422)
