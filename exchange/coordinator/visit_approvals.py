"""Visit proposals waiting for the office (or for a unit the coordinator is scoped to): the
queue, the proposal with its staff days, the decision buttons and the cancellation.

The page and the decision are the unit heads' too (exchange/visits/screens.py); here are the
coordinator area's routes and what only the office does on the page: cancel a visit.
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from exchange.coordinator import bp
from exchange.visits import queries, screens
from exchange.visits.forms import CancelForm
from exchange.web import page, saved


@bp.get("/visit-approvals")
def visit_approval_list():
    return page(
        "coordinator/visit_approvals/approval_list.html",
        visits=queries.approval_queue(current_user),
    )


@bp.get("/visit-approvals/<int:visit_id>")
def visit_approval_detail(visit_id: int):
    visit = screens.visible_visit(visit_id)
    return screens.approval_page("coordinator", visit, cancel_form=CancelForm(formdata=None))


@bp.post("/visit-approvals/<int:visit_id>")
def visit_decide(visit_id: int):
    visit = screens.visible_visit(visit_id)
    return screens.decide("coordinator", visit, cancel_form=CancelForm(formdata=None))


@bp.post("/visit-approvals/<int:visit_id>/cancel")
def visit_cancel(visit_id: int):
    visit = screens.visible_visit(visit_id)
    form = CancelForm()
    done = screens.cancel(visit, form)
    if done:
        back = url_for("coordinator.visit_approval_detail", visit_id=visit.id)
        return saved(back, screens.CANCELLED)
    return screens.approval_page("coordinator", visit, done=done, cancel_form=form)


@bp.get("/visit-approvals/<int:visit_id>/documents/<int:document_id>")
def visit_document_download(visit_id: int, document_id: int):
    return screens.download(screens.visible_visit(visit_id), document_id)


@bp.get("/visit-approvals/<int:visit_id>/confirmation")
def visit_confirmation(visit_id: int):
    back = url_for("coordinator.visit_approval_detail", visit_id=visit_id)
    return screens.confirmation(screens.visible_visit(visit_id), back)
