"""The applications of a call: the filtered list, one application, its documents."""

from __future__ import annotations

from datetime import date

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from exchange.accounts.languages import language_levels
from exchange.accounts.org_units import home_units
from exchange.accounts.roles import StudyLevel
from exchange.applications import listing, policy
from exchange.applications.documents import (
    REASON_MAX,
    document_content,
    download_headers,
    reject_document,
    size_label,
)
from exchange.applications.history import timeline_entries
from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.states import ApplicationState
from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.programs import policy as program_policy
from exchange.programs.eligibility import TIMING, check
from exchange.programs.states import DocumentType
from exchange.web import actor, authorize, form_flow, load, page, refuse


class RejectDocumentForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is this file not accepted?"),
        validators=[
            DataRequired(_l("Say why the file is rejected; the student reads it.")),
            Length(max=REASON_MAX, message=_l("Keep the reason under %(max)s characters.")),
        ],
        description=_l(
            "The student reads this in a notice and a mail, and uploads a new file. Say what "
            "is wrong and what would be right, e.g. “The transcript must carry the registrar's "
            "stamp.”"
        ),
        render_kw={"rows": 4},
    )


def _application_or_404(application_id: int) -> Application:
    # Outside the coordinator's scope (or still a draft) it does not exist for them.
    return load(Application, application_id, where=lambda a: policy.can_view(current_user, a))


def _document_or_404(application: Application, document_id: int) -> ApplicationDocument:
    return load(
        ApplicationDocument, document_id, where=lambda d: d.application_id == application.id
    )


def _documents(application: Application) -> list[dict]:
    """Each file with what became of it: by type, the newest first within a type."""
    by_replaced = {d.replaces_id: d for d in application.documents if d.replaces_id}
    order = {t: i for i, t in enumerate(DocumentType)}
    ordered = sorted(
        application.documents, key=lambda d: (order.get(d.doc_type, 99), -d.uploaded_at.timestamp())
    )
    return [
        {
            "document": d,
            "size": size_label(d.size),
            "replaced_by": by_replaced.get(d.id),
            "can_reject": policy.can_reject_document(current_user, d),
        }
        for d in ordered
    ]


def _choices(application: Application) -> list[dict]:
    """Each ranked choice with the requirements it fails today (the calendar left out: the
    application is already in)."""
    student, today = application.student, date.today()
    levels = language_levels(student)
    rows = []
    for choice in application.choices:
        verdict = check(student, choice.program, levels, today)
        reasons = [r.message for r in verdict.reasons if r.code not in TIMING]
        rows.append({"choice": choice, "program": choice.program, "reasons": reasons})
    return rows


@bp.get("/calls/<int:call_id>/applications")
def application_list(call_id: int):
    call = call_or_404(call_id)
    authorize(program_policy.can_view_call(current_user, call))
    filters = listing.ApplicationFilters.from_args(request.args)
    applications = listing.paginate(
        listing.applications_query(current_user, call, filters),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    return page(
        "coordinator/application_list.html",
        call=call,
        page=applications,
        filters=filters,
        counts=listing.state_counts(current_user, call, filters),
        states=list(ApplicationState),
        units=home_units(),
        levels=list(StudyLevel),
    )


@bp.get("/applications/<int:application_id>")
def application_detail(application_id: int):
    application = _application_or_404(application_id)
    return page(
        "coordinator/application_detail.html",
        application=application,
        student=application.student,
        choices=_choices(application),
        documents=_documents(application),
        timeline=timeline_entries(application),
    )


@bp.get("/applications/<int:application_id>/documents/<int:document_id>")
def document_download(application_id: int, document_id: int):
    application = _application_or_404(application_id)
    document = _document_or_404(application, document_id)
    authorize(policy.can_download_document(current_user, document), hide=True)
    return Response(document_content(document), headers=download_headers(document))


@bp.route(
    "/applications/<int:application_id>/documents/<int:document_id>/reject",
    methods=["GET", "POST"],
)
def document_reject(application_id: int, document_id: int):
    application = _application_or_404(application_id)
    document = _document_or_404(application, document_id)
    documents_url = url_for(
        "coordinator.application_detail", application_id=application.id, _anchor="documents"
    )
    if not policy.can_reject_document(current_user, document):
        # Rejected or replaced meanwhile, or the application left the office's hands.
        message = _(
            "This file can no longer be rejected: only the current file of an application "
            "with the office can be. Nothing was changed."
        )
        return refuse(documents_url, message, "warning")
    form = RejectDocumentForm()
    return form_flow(
        "coordinator/application_document_reject.html",
        form,
        lambda: reject_document(document, actor=actor(), reason=form.reason.data),
        lambda _done: (
            documents_url,
            _(
                "%(file)s was rejected; %(student)s was told why and asked to replace it.",
                file=document.filename,
                student=application.student.full_name,
            ),
        ),
        application=application,
        document=document,
        size=size_label(document.size),
    )
