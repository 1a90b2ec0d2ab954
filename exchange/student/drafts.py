"""The draft editor: ranked choices, motivation, the language answer and the documents, saved
together, and the submission that starts from the same form.

Each part is saved in its own savepoint: a part that breaks a rule is rolled back and its
message shown beside its field with what was typed, while the parts that were fine (a file
the student chose, which a browser cannot keep across a re-rendered page) are kept.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.languages import language_levels
from exchange.applications import documents, policy, services
from exchange.applications.checklist import missing_items
from exchange.applications.errors import ApplicationError
from exchange.applications.states import ApplicationState
from exchange.applications.student_view import closed_choices, document_rows
from exchange.extensions import db
from exchange.programs.eligibility import check
from exchange.programs.states import DocumentType
from exchange.reference import CEFR_LEVELS, language_choices
from exchange.student.applications import own_application_or_404
from exchange.student.draft_form import DraftInput
from exchange.student.views import bp
from exchange.transactions import commit
from exchange.web import authorize


def _error_key(error: ApplicationError, rows: int) -> str:
    if error.field in ("choices", "choice_motivation"):
        if error.index is not None and error.index < rows:
            return f"choice-{error.index}"
        return "choices"
    if error.field in ("motivation", "language", "cefr"):
        return error.field
    return "form"


def _save_posted(application, posted: DraftInput) -> dict[str, str]:
    """Store what the form holds; returns the messages of the parts that were refused."""
    errors: dict[str, str] = {}
    actor = current_user._get_current_object()
    max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
    for doc_type, upload in posted.files.items():
        try:
            with db.session.begin_nested():
                documents.upload_document(application, doc_type, upload.filename, upload.stream,
                                          actor=actor, max_bytes=max_bytes)  # fmt: skip
        except ApplicationError as error:
            errors[f"document-{doc_type.value}"] = str(error)
    verb, argument = posted.verb()
    if verb == "remove_document":
        document = next((d for d in application.documents if d.id == argument), None)
        if document is not None and policy.can_remove_document(current_user, document):
            try:
                with db.session.begin_nested():
                    documents.remove_document(document, actor=actor)
            except ApplicationError as error:
                errors[f"document-{document.doc_type.value}"] = str(error)
    rows = posted.arranged_rows()
    choices = posted.choices(rows)
    if verb == "add" and posted.add_program:
        choices.append((posted.add_program, ""))
    try:
        with db.session.begin_nested():
            services.save_draft(
                application, actor=actor, motivation=posted.motivation,
                language=posted.language, cefr=posted.cefr, choices=choices,
                # The certificate answer is the language document itself.
                has_certificate=application.current_document(DocumentType.LANGUAGE) is not None,
                expected_version=posted.version,
            )  # fmt: skip
    except ApplicationError as error:
        if verb == "add" and error.index is not None and error.index >= len(rows):
            errors["add_program"] = str(error)
        else:
            errors[_error_key(error, len(rows))] = str(error)
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


def render_editor(application, posted: DraftInput, errors: dict[str, str], status: int = 200):
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
    return render_template(
        "student/application_edit.html",
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
    ), status


def _programs_by_id(application) -> dict:
    return {p.id: p for p in application.call.programs}


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
def application_edit(application_id: int):
    application = own_application_or_404(application_id)
    if application.state != ApplicationState.DRAFT:
        flash(_("This application is %(state)s; it can no longer be edited.",
                state=application.state.label.lower()), "info")  # fmt: skip
        return redirect(url_for("student.application_detail", application_id=application.id))
    authorize(policy.can_edit(current_user, application))
    if request.method == "GET":
        return render_editor(application, DraftInput.from_application(application), {})
    posted = DraftInput.from_request(request.form, request.files, _programs_by_id(application))
    errors = _save_posted(application, posted)
    commit()  # the parts that passed; the refused ones were rolled back to their savepoint
    if application.state != ApplicationState.DRAFT:
        # Submitted meanwhile (another tab, a double click): it is frozen now.
        return redirect(url_for("student.application_detail", application_id=application.id))
    if errors:
        posted.rows, posted.action = posted.arranged_rows(), "save"
        posted.version = application.version
        return render_editor(application, posted, errors, 422)
    flash(_saved_message(posted), "success")
    return redirect(
        url_for("student.application_edit", application_id=application.id, _anchor=_anchor(posted))
    )


@bp.post("/applications/<int:application_id>/submit")
def application_submit(application_id: int):
    """Save what the form holds, then submit; a second click finds it submitted already."""
    application = own_application_or_404(application_id)
    if application.state == ApplicationState.SUBMITTED:
        return redirect(url_for("student.application_submitted", application_id=application.id))
    authorize(policy.can_submit(current_user, application))
    posted = DraftInput.from_request(request.form, request.files, _programs_by_id(application))
    errors = _save_posted(application, posted) if request.form.get("version") else {}
    if not errors:
        try:
            with db.session.begin_nested():
                services.submit_application(application, actor=current_user._get_current_object(),
                                            today=date.today())  # fmt: skip
        except ApplicationError as error:
            errors["checklist" if error.field == "checklist" else "form"] = str(error)
    commit()
    if application.state == ApplicationState.SUBMITTED:
        return redirect(url_for("student.application_submitted", application_id=application.id))
    posted.version = application.version
    return render_editor(application, posted, errors, 422)
