"""The student's applications: apply from the catalogue, the list, the status page with its
timeline, the confirmation after submission, reopen, withdraw, and the documents.

Another student's application or document answers 404, never 403, so that its existence
does not leak; the draft editor is in drafts.py.
"""

from __future__ import annotations

from datetime import date

from flask import Response, current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.languages import language_levels
from exchange.applications import documents, policy, services
from exchange.applications.checklist import missing_items
from exchange.applications.documents import size_label
from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.queries import applications_of
from exchange.applications.states import ApplicationState
from exchange.applications.student_view import (
    applications_by_call,
    apply_option,
    closed_choices,
    document_rows,
    next_step,
    student_state,
    student_timeline,
)
from exchange.programs import policy as program_policy
from exchange.programs.catalogue import visible_program
from exchange.programs.eligibility import check
from exchange.student.views import bp
from exchange.web import actor, attempt, authorize, load, page, quiet_attempt, refuse, saved

REASON_MAX = services.REASON_MAX
bp.add_app_template_filter(size_label, "filesize")


def own_application_or_404(application_id: int) -> Application:
    return load(Application, application_id, where=lambda a: policy.is_owner(current_user, a))


def detail_url(application: Application, anchor: str | None = None) -> str:
    return url_for("student.application_detail", application_id=application.id, _anchor=anchor)


def edit_url(application: Application, anchor: str | None = None) -> str:
    return url_for("student.application_edit", application_id=application.id, _anchor=anchor)


def store_upload(application: Application, doc_type, upload) -> None:
    """Keep a file the student chose (within the size limit) as the application's document."""
    documents.upload_document(
        application,
        doc_type,
        upload.filename,
        upload.stream,
        actor=actor(),
        max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
    )


def _open_url(application: Application) -> str:
    """A draft opens in its editor; anything later on its status page."""
    if application.state == ApplicationState.DRAFT:
        return edit_url(application)
    return detail_url(application)


@bp.post("/programs/<int:program_id>/apply")
def application_start(program_id: int):
    """Start (or resume) the application to the program's call, with the program as a choice."""
    today = date.today()
    program = visible_program(program_id, today)
    authorize(
        program is not None and program_policy.can_view_program(current_user, program), hide=True
    )
    existing = applications_by_call(current_user, [program.call_id]).get(program.call_id)
    verdict = check(current_user, program, language_levels(current_user), today)
    option = apply_option(program, verdict, existing)
    if option.action == "open":
        return refuse(_open_url(option.application), option.message, "info")
    back = url_for("student.program_detail", program_id=program.id)
    if not option.can_post:
        return refuse(back, option.message)
    student = actor()
    with attempt() as done:
        application = services.start_application(student, program.call, actor=student, today=today)
        services.add_choice(application, program, actor=student)
    if not done:
        return redirect(back)
    return saved(
        edit_url(application),
        _(
            "%(program)s is choice %(rank)s of your application. The draft is saved; only you can "
            "see it until you submit it.",
            program=program.title,
            rank=len(application.choices),
        ),
    )


@bp.get("/applications")
def application_list():
    applications = applications_of(current_user)
    return page(
        "student/application_list.html",
        applications=applications,
        states={a.id: student_state(a) for a in applications},
        today=date.today(),
    )


def render_detail(application: Application, errors: dict | None = None, status: int = 200):
    today = date.today()
    draft = application.state == ApplicationState.DRAFT
    return page(
        "student/application_detail.html",
        status=status,
        application=application,
        state=student_state(application),
        next_step=next_step(application),
        timeline=student_timeline(application, current_user),
        documents=document_rows(application),
        missing=missing_items(application, today) if draft else [],
        closed=closed_choices(application, today) if draft else [],
        deadline=application.effective_deadline(),
        can_reopen=policy.can_reopen(current_user, application, today),
        can_withdraw=policy.can_withdraw(current_user, application),
        errors=errors or {},
        max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
        today=today,
    )


@bp.get("/applications/<int:application_id>")
def application_detail(application_id: int):
    return render_detail(own_application_or_404(application_id))


@bp.get("/applications/<int:application_id>/submitted")
def application_submitted(application_id: int):
    application = own_application_or_404(application_id)
    if application.submitted_at is None:
        return redirect(detail_url(application))
    return page(
        "student/application_submitted.html",
        application=application,
        state=student_state(application),
        deadline=application.effective_deadline(),
        can_reopen=policy.can_reopen(current_user, application, date.today()),
    )


@bp.post("/applications/<int:application_id>/reopen")
def application_reopen(application_id: int):
    application = own_application_or_404(application_id)
    today = date.today()
    authorize(policy.can_reopen(current_user, application, today))
    with attempt() as done:
        services.reopen_application(application, actor=actor(), today=today)
    if not done:
        return redirect(detail_url(application))
    return saved(
        edit_url(application),
        _(
            "Your application is a draft again. Submit it again before %(day)s, or it will not be "
            "considered.",
            day=application.effective_deadline().isoformat(),
        ),
        "warning",
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
def application_withdraw(application_id: int):
    application = own_application_or_404(application_id)
    authorize(policy.can_withdraw(current_user, application))
    reason = request.form.get("reason", "")
    done = quiet_attempt()  # the page shows the message beside its reason box
    if request.method == "POST":
        with done:
            services.withdraw_application(application, actor=actor(), reason=reason)
        if done:
            return saved(
                detail_url(application),
                _("Your application was withdrawn. We sent you a confirmation mail."),
            )
    return page(
        "student/application_withdraw.html",
        done=done,
        application=application,
        state=student_state(application),
        reason=reason,
        error=str(done.error) if done.error else None,
        reason_max=REASON_MAX,
    )


@bp.get("/applications/<int:application_id>/documents/<int:document_id>")
def application_document_download(application_id: int, document_id: int):
    application = own_application_or_404(application_id)
    document = load(
        ApplicationDocument, document_id, where=lambda d: d.application_id == application.id
    )
    authorize(policy.can_download_document(current_user, document), hide=True)
    content = documents.document_content(document)
    return Response(content, headers=documents.download_headers(document))


@bp.post("/applications/<int:application_id>/documents/<doc_type>")
def application_document_upload(application_id: int, doc_type: str):
    """Replace a file the office did not accept, once the application is with them (a draft's
    files are saved with the draft's form)."""
    application = own_application_or_404(application_id)
    if application.state == ApplicationState.DRAFT:
        return redirect(edit_url(application, "documents"))
    authorize(policy.can_upload(current_user, application, doc_type))
    upload = request.files.get("document")
    key = f"document-{doc_type}"
    if upload is None or not upload.filename:
        return render_detail(application, {key: _("Choose the file to upload.")}, 422)
    with quiet_attempt() as done:
        store_upload(application, doc_type, upload)
    if not done:
        return render_detail(application, {key: str(done.error)}, done.status)
    return saved(
        detail_url(application, "documents"),
        _("Thank you: the new file is with the international office."),
    )
