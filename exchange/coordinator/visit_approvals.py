"""Visit proposals waiting for the office (or for a unit the coordinator is scoped to):
the queue, the proposal with its staff days, and the decision buttons."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.transactions import commit
from exchange.visits import chain, closing, documents, queries, services
from exchange.visits import policy as visit_policy
from exchange.visits import staff_days as days
from exchange.visits.errors import VisitError
from exchange.visits.forms import CancelForm, NoteForm
from exchange.visits.models import Visit, VisitDocument
from exchange.web import authorize

DECISIONS = {
    "approve": (services.approve_visit, "note"),
    "return": (services.return_visit, "comments"),
    "reject": (services.reject_visit, "reason"),
}


def _visit(visit_id: int) -> Visit:
    visit = db.session.get(Visit, visit_id)
    if visit is None:
        abort(404)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    return visit


def _page(visit, form, cancel_form=None, status=200):
    return render_template(
        "coordinator/visit_approvals/approval_detail.html",
        visit=visit,
        form=form,
        cancel_form=cancel_form or CancelForm(),
        timeline=queries.timeline_entries(visit),
        visit_days=days.staff_days(
            visit.partnership, visit.mobility_type, visit.academic_year
        ) if visit.academic_year is not None else None,
        step=chain.current_step(visit),
        steps=chain.chain_for(visit.visit_type),
        policy=visit_policy,
    ), status  # fmt: skip


@bp.get("/visit-approvals")
def visit_approval_list():
    return render_template(
        "coordinator/visit_approvals/approval_list.html",
        visits=queries.approval_queue(current_user),
    )


@bp.get("/visit-approvals/<int:visit_id>")
def visit_approval_detail(visit_id: int):
    return _page(_visit(visit_id), NoteForm())


@bp.post("/visit-approvals/<int:visit_id>")
def visit_decide(visit_id: int):
    visit = _visit(visit_id)
    authorize(visit_policy.can_approve(current_user, visit))
    form = NoteForm()
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400)
    if form.validate_on_submit():
        service, argument = DECISIONS[decision]
        try:
            service(visit, actor=current_user, **{argument: form.note.data})
        except VisitError as error:
            db.session.rollback()
            error.field = "note" if error.field in ("comments", "reason", None) else error.field
            attach_error(form, error)
        else:
            commit()
            flash(_("Decision recorded: %(state)s.", state=visit.state.label.lower()), "success")
            return redirect(url_for("coordinator.visit_approval_list"))
    return _page(db.session.get(Visit, visit_id), form, status=422)


@bp.post("/visit-approvals/<int:visit_id>/cancel")
def visit_cancel(visit_id: int):
    visit = _visit(visit_id)
    authorize(visit_policy.can_cancel(current_user, visit))
    form = CancelForm()
    if form.validate_on_submit():
        try:
            closing.cancel_visit(visit, actor=current_user, reason=form.reason.data)
        except VisitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("The visit was cancelled; its staff days are free again."), "success")
            return redirect(url_for("coordinator.visit_approval_detail", visit_id=visit_id))
    return _page(db.session.get(Visit, visit_id), NoteForm(), form, status=422)


@bp.get("/visit-approvals/<int:visit_id>/documents/<int:document_id>")
def visit_document_download(visit_id: int, document_id: int):
    visit = _visit(visit_id)
    document = db.session.get(VisitDocument, document_id)
    if document is None or document.visit_id != visit.id:
        abort(404)
    return documents.document_content(document), 200, documents.download_headers(document)


@bp.get("/visit-approvals/<int:visit_id>/confirmation")
def visit_confirmation(visit_id: int):
    visit = _visit(visit_id)
    authorize(visit_policy.can_view_confirmation(current_user, visit))
    return render_template(
        "faculty/visits/visit_confirmation.html",
        visit=visit,
        steps=chain.chain_for(visit.visit_type),
        back_url=url_for("coordinator.visit_approval_detail", visit_id=visit.id),
    )
