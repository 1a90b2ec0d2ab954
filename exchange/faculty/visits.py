"""The faculty member's visit proposals: list, propose, edit, submit, files, cancel,
confirmation and report."""

from __future__ import annotations

from datetime import date

from flask import current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.faculty.views import bp
from exchange.forms import attach_error
from exchange.visits import chain, closing, documents, policy, proposing, queries, screens, services
from exchange.visits.errors import VisitRulesError
from exchange.visits.forms import CancelForm, DocumentForm, ReportForm, VisitForm
from exchange.visits.models import Visit, VisitDocument
from exchange.web import actor, attempt, authorize, load, page, saved

visible_visit = screens.visible_visit


def _detail_url(visit: Visit, anchor: str | None = None) -> str:
    return url_for("faculty.visit_detail", visit_id=visit.id, _anchor=anchor)


def _saved_message(visit: Visit) -> str:
    if visit.state == "submitted":
        step = chain.current_step(visit)
        return _("Your proposal was submitted; it now waits for %(step)s.",
                 step=step.label.lower())  # fmt: skip
    return _("Draft saved. Submit it when it is complete.")


@bp.get("/visits")
def visit_list():
    authorize(policy.can_propose(current_user))
    visits = queries.my_visits(current_user)
    return page(
        "faculty/visits/visit_list.html",
        groups=queries.group_by_state(visits),
        total=len(visits),
        heads_unit=queries.heads_some_unit(current_user),
        today=date.today(),
    )


def _proposal_form(form: VisitForm, visit: Visit | None, offered):
    """Save (and with action=submit, submit) the posted form, or show it."""
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            visit = proposing.save_proposal(
                visit, form.fields(), offered=offered, actor=actor(),
                submit=request.form.get("action") == "submit",
            )  # fmt: skip
        if done:
            return saved(_detail_url(visit), _saved_message(visit))
    return page(
        "faculty/visits/visit_form.html",
        done=done,
        form=form,
        visit=visit,
        policy=policy,
        **proposing.form_facts(visit, offered),
    )


@bp.route("/visits/new", methods=["GET", "POST"])
def visit_create():
    authorize(policy.can_propose(current_user))
    offered = proposing.offered_partnerships(current_user)
    form = VisitForm()
    form.set_choices(offered)
    if request.method == "GET" and request.args.get("partnership", type=int):
        form.partnership_id.data = request.args.get("partnership", type=int)
    return _proposal_form(form, None, offered)


@bp.route("/visits/<int:visit_id>/edit", methods=["GET", "POST"])
def visit_edit(visit_id: int):
    visit = visible_visit(visit_id)
    authorize(policy.can_edit(current_user, visit))
    offered = proposing.offered_partnerships(current_user, visit)
    form = VisitForm(obj=visit)
    form.set_choices(offered)
    if request.method == "GET" and request.args.get("check"):
        for problem in services.check_visit(visit):
            attach_error(form, problem)
    return _proposal_form(form, visit, offered)


@bp.post("/visits/<int:visit_id>/submit")
def visit_submit(visit_id: int):
    visit = visible_visit(visit_id)
    authorize(policy.can_submit(current_user, visit))
    with attempt() as done:
        services.submit_visit(visit, actor=actor())
    if isinstance(done.error, VisitRulesError):
        # The edit form marks each field the rules refuse.
        return redirect(url_for("faculty.visit_edit", visit_id=visit.id, check=1))
    if not done:
        return redirect(_detail_url(visit))
    return saved(_detail_url(visit), _saved_message(visit))


def _detail(visit: Visit, *, document_form=None, done=None):
    return page(
        "faculty/visits/visit_detail.html",
        done=done,
        visit=visit,
        document_form=document_form or DocumentForm(formdata=None),
        cancel_form=CancelForm(formdata=None),
        policy=policy,
        today=date.today(),
        **queries.page_facts(visit),
    )


@bp.get("/visits/<int:visit_id>")
def visit_detail(visit_id: int):
    return _detail(visible_visit(visit_id))


@bp.post("/visits/<int:visit_id>/documents")
def visit_document_upload(visit_id: int):
    visit = visible_visit(visit_id)
    authorize(policy.can_manage_documents(current_user, visit))
    form = DocumentForm()
    upload = request.files.get("document")
    with attempt(form) as done:
        documents.upload_visit_document(
            visit, form.kind.data, upload.filename if upload else None,
            upload.stream if upload else b"", actor=actor(),
            max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
        )  # fmt: skip
    if not done:
        return _detail(visit, document_form=form, done=done)
    return saved(_detail_url(visit, "documents"), _("The file was added."))


@bp.post("/visits/<int:visit_id>/documents/<int:document_id>/remove")
def visit_document_remove(visit_id: int, document_id: int):
    visit = visible_visit(visit_id)
    authorize(policy.can_manage_documents(current_user, visit))
    document = load(VisitDocument, document_id, where=lambda d: d.visit_id == visit.id)
    with attempt() as done:
        documents.remove_visit_document(document, actor=actor())
    if not done:
        return redirect(_detail_url(visit, "documents"))
    return saved(_detail_url(visit, "documents"), _("The file was removed."))


@bp.get("/visits/<int:visit_id>/documents/<int:document_id>")
def visit_document_download(visit_id: int, document_id: int):
    visit = load(Visit, visit_id, where=lambda v: policy.can_download_document(current_user, v))
    return screens.download(visit, document_id)


@bp.route("/visits/<int:visit_id>/cancel", methods=["GET", "POST"])
def visit_cancel(visit_id: int):
    visit = visible_visit(visit_id)
    form = CancelForm()
    done = screens.cancel(visit, form)
    if done:
        return saved(_detail_url(visit), screens.CANCELLED)
    return page("faculty/visits/visit_cancel.html", done=done, visit=visit, form=form)


@bp.get("/visits/<int:visit_id>/confirmation")
def visit_confirmation(visit_id: int):
    visit = visible_visit(visit_id)
    return screens.confirmation(visit, _detail_url(visit))


@bp.route("/visits/<int:visit_id>/report", methods=["GET", "POST"])
def visit_report(visit_id: int):
    visit = visible_visit(visit_id)
    authorize(policy.can_report(current_user, visit))
    form = ReportForm()
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            closing.file_report(visit, form.data, actor=actor())
        if done:
            return saved(
                _detail_url(visit), _("Thank you: the report is filed and the visit completed.")
            )
    return page("faculty/visits/visit_report.html", done=done, visit=visit, form=form)
