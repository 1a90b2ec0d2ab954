"""Unit heads: the visit proposals of their unit waiting for their decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.extensions import db
from exchange.faculty.views import bp
from exchange.faculty.visits import load_visit
from exchange.forms import attach_error
from exchange.transactions import commit
from exchange.visits import chain, queries, services
from exchange.visits import policy as visit_policy
from exchange.visits import staff_days as days
from exchange.visits.errors import VisitError
from exchange.visits.forms import NoteForm
from exchange.web import authorize

DECISIONS = {
    "approve": (services.approve_visit, "note", "approved"),
    "return": (services.return_visit, "comments", "returned"),
    "reject": (services.reject_visit, "reason", "rejected"),
}


def decide(visit, decision: str, note: str | None):
    """Call the service of a decision; raises VisitError."""
    if decision not in DECISIONS:
        abort(400)
    service, argument, _word = DECISIONS[decision]
    return service(visit, actor=current_user, **{argument: note})


def _page(visit, form, status=200):
    return render_template(
        "faculty/visits/approval_detail.html",
        visit=visit,
        form=form,
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
        "faculty/visits/approval_list.html",
        visits=queries.approval_queue(current_user),
        heads_unit=queries.heads_some_unit(current_user),
    )


@bp.get("/visit-approvals/<int:visit_id>")
def visit_approval_detail(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    return _page(visit, NoteForm())


@bp.post("/visit-approvals/<int:visit_id>")
def visit_decide(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_approve(current_user, visit))
    form = NoteForm()
    decision = request.form.get("decision", "")
    if form.validate_on_submit():
        try:
            decide(visit, decision, form.note.data)
        except VisitError as error:
            db.session.rollback()
            error.field = "note" if error.field in ("comments", "reason", None) else error.field
            attach_error(form, error)
        else:
            commit()
            flash(_("Decision recorded: %(state)s.", state=visit.state.label.lower()), "success")
            return redirect(url_for("faculty.visit_approval_list"))
    visit = db.session.get(type(visit), visit_id)
    return _page(visit, form, 422)
