"""The visit screens two areas serve: heads of unit decide in the faculty area, the office in
the coordinator area, and both open a visit's files and its confirmation.

This is the view half of approvals.py, imported by the two role blueprints only (the domain
never imports it). Each area keeps its own routes, endpoint names and breadcrumbs; the steps
behind them are written once here, on the view toolkit.
"""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange.visits import approvals, chain, closing, documents, policy, queries
from exchange.visits.forms import CancelForm, NoteForm
from exchange.visits.models import Visit, VisitDocument
from exchange.web import actor, attempt, authorize, load, page, saved

# Each area's approval page: its breadcrumbs around templates/visits/_approval_panel.html.
APPROVAL_PAGES = {
    "faculty": "faculty/visits/approval_detail.html",
    "coordinator": "coordinator/visit_approvals/approval_detail.html",
}
CANCELLED = _l("The visit was cancelled; its staff days are free again.")


def visible_visit(visit_id: int) -> Visit:
    """The visit, or 404 for one the user may not see (its existence does not leak)."""
    return load(Visit, visit_id, where=lambda v: policy.can_view(current_user, v))


def approval_page(area: str, visit: Visit, *, form=None, done=None, **extra):
    """The approval page of `area`; a decision or cancellation that failed re-renders it."""
    return page(
        APPROVAL_PAGES[area],
        done=done,
        area=area,
        visit=visit,
        form=form or NoteForm(formdata=None),
        policy=policy,
        **queries.page_facts(visit),
        **extra,
    )


def decide(area: str, visit: Visit, **extra):
    """Approve, return or reject from the approval page; back to the area's queue."""
    authorize(policy.can_approve(current_user, visit))
    decision = request.form.get("decision", "")
    if not approvals.is_decision(decision):
        abort(400)
    form = NoteForm()
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            approvals.decide_visit(visit, decision, form.note.data, actor=actor())
        if done:
            return saved(
                url_for(f"{area}.visit_approval_list"),
                _("Decision recorded: %(state)s.", state=visit.state.label.lower()),
            )
    return approval_page(area, visit, form=form, done=done, **extra)


def cancel(visit: Visit, form: CancelForm) -> attempt:
    """Cancel the visit with the form's reason, when it was posted; true when it happened."""
    authorize(policy.can_cancel(current_user, visit))
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            closing.cancel_visit(visit, actor=actor(), reason=form.reason.data)
    return done


def confirmation(visit: Visit, back_url: str):
    """The printable confirmation of an approved visit."""
    authorize(policy.can_view_confirmation(current_user, visit))
    return page(
        "visits/confirmation.html",
        visit=visit,
        steps=chain.chain_for(visit.visit_type),
        back_url=back_url,
    )


def download(visit: Visit, document_id: int):
    """One of the visit's files, as a download that never runs in the browser."""
    document = load(VisitDocument, document_id, where=lambda d: d.visit_id == visit.id)
    return documents.document_content(document), 200, documents.download_headers(document)
