"""Incoming visiting scholars: record a partner's visitor against the incoming staff days,
change, confirm, complete or cancel the visit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from exchange.applications.listing import paginate, parse_int
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.partnerships import queries as partnership_queries
from exchange.partnerships.models import Partnership
from exchange.transactions import commit
from exchange.visits import reports
from exchange.visits.incoming import policy, services
from exchange.visits.incoming.forms import CancelIncomingForm, IncomingVisitForm
from exchange.visits.incoming.models import (
    IncomingState,
    IncomingVisit,
    IncomingVisitError,
    day_limits,
)
from exchange.visits.staff_days import academic_year_of
from exchange.web import authorize

# The visit's own fields in the history's words (the shared list knows the agreement's).
CHANGED_LABELS = {
    "visit_type": _l("type of visit"),
    "visitor_name": _l("visitor's name"),
    "visitor_email": _l("visitor's e-mail"),
    "partner_unit_id": _l("unit at the partner"),
    "start_date": _l("first day"),
    "end_date": _l("last day"),
    "days": _l("days"),
    "host_id": _l("host"),
    "host_unit_id": _l("host unit"),
    "purpose": _l("purpose"),
    "teaching_hours": _l("teaching hours"),
}


def incoming_or_404(visit_id: int) -> IncomingVisit:
    visit = db.session.get(IncomingVisit, visit_id)
    if visit is None:
        abort(404)
    return visit


def _incoming_list_query(state: IncomingState | None):
    query = (
        select(IncomingVisit)
        .join(Partnership, Partnership.id == IncomingVisit.partnership_id)
        .where(policy.scoped_partnerships_clause(current_user))
        .options(selectinload(IncomingVisit.host), selectinload(IncomingVisit.host_unit))
        .order_by(IncomingVisit.start_date.desc(), IncomingVisit.id.desc())
    )
    if state is not None:
        query = query.where(IncomingVisit.state == state)
    return query


@bp.get("/incoming-visits")
def incoming_visit_list():
    authorize(policy.can_list_incoming_visits(current_user))
    state = reports.parse_enum(IncomingState, request.args.get("state"))
    page = paginate(
        _incoming_list_query(state),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "coordinator/visits/incoming_list.html", page=page, state=state, states=list(IncomingState)
    )


def _render_form(form: IncomingVisitForm, visit: IncomingVisit | None, status: int = 200):
    partnerships = form.set_choices(current_user)
    if visit is not None and visit.partnership not in partnerships:
        # Its agreement is no longer offered (suspended, say): still shown, the rules explain.
        p = visit.partnership
        form.partnership_id.choices.append(
            (p.id, f"{p.title} — {p.partner.name} ({p.state.label})")
        )
    chosen = next((p for p in partnerships if p.id == form.partnership_id.data), None)
    # What the chosen agreement has left, in the year of the first day (or this year).
    year = academic_year_of(form.start_date.data or date.today())
    days = reports.incoming_days([chosen.id], year).get(chosen.id, []) if chosen else []
    return render_template(
        "coordinator/visits/incoming_form.html",
        form=form,
        visit=visit,
        partnerships=partnerships,
        chosen=chosen,
        days=days,
        days_year=year,
        limits=day_limits(),
    ), status


def _scoped_partnership_or_error(form: IncomingVisitForm, fields: dict) -> bool:
    """An agreement outside the coordinator's scope is refused beside the field."""
    partnership = fields["partnership"]
    if partnership is not None and not policy.can_record_incoming_visit(current_user, partnership):
        form.partnership_id.errors.append(_("Choose an agreement from the list."))
        return False
    return True


@bp.route("/incoming-visits/new", methods=["GET", "POST"])
def incoming_visit_create():
    authorize(policy.can_record_incoming_visit(current_user))
    form = IncomingVisitForm()
    if request.method == "GET":
        form.partnership_id.data = parse_int(request.args.get("partnership"))
    if form.validate_on_submit():
        fields = form.service_fields()
        if _scoped_partnership_or_error(form, fields):
            try:
                visit = services.record_incoming_visit(actor=current_user, **fields)
                commit()
            except IncomingVisitError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                flash(_("The visit of %(name)s was recorded; confirm it once the partner and "
                        "the host agree.", name=visit.visitor_name), "success")  # fmt: skip
                return redirect(url_for("coordinator.incoming_visit_detail", visit_id=visit.id))
    return _render_form(form, None, 422 if request.method == "POST" else 200)


@bp.get("/incoming-visits/<int:visit_id>")
def incoming_visit_detail(visit_id: int):
    visit = incoming_or_404(visit_id)
    authorize(policy.can_view_incoming_visit(current_user, visit))
    return _render_detail(visit, CancelIncomingForm(formdata=None))


def _render_detail(visit: IncomingVisit, cancel_form: CancelIncomingForm, status: int = 200):
    history = [
        replace(e, changed=[str(CHANGED_LABELS.get(k, k)) for k in e.changed])
        for e in partnership_queries.history(visit, IncomingState)
    ]
    return render_template(
        "coordinator/visits/incoming_detail.html",
        visit=visit,
        history=history,
        cancel_form=cancel_form,
        policy=policy,
    ), status


@bp.route("/incoming-visits/<int:visit_id>/edit", methods=["GET", "POST"])
def incoming_visit_edit(visit_id: int):
    visit = incoming_or_404(visit_id)
    authorize(policy.can_edit_incoming_visit(current_user, visit))
    form = IncomingVisitForm(obj=visit)
    if form.validate_on_submit():
        fields = form.service_fields()
        if _scoped_partnership_or_error(form, fields):
            try:
                services.update_incoming_visit(visit, actor=current_user, **fields)
                commit()
            except IncomingVisitError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                flash(_("Changes to the visit were saved."), "success")
                return redirect(url_for("coordinator.incoming_visit_detail", visit_id=visit.id))
    return _render_form(form, visit, 422 if request.method == "POST" else 200)


def _move(visit_id: int, allowed, service, done: str, **kwargs):
    visit = incoming_or_404(visit_id)
    authorize(allowed(current_user, visit))
    back = redirect(url_for("coordinator.incoming_visit_detail", visit_id=visit.id))
    try:
        service(visit, actor=current_user, **kwargs)
        commit()
    except IncomingVisitError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    flash(done, "success")
    return back


@bp.post("/incoming-visits/<int:visit_id>/confirm")
def incoming_visit_confirm(visit_id: int):
    return _move(visit_id, policy.can_confirm_incoming_visit, services.confirm_incoming_visit,
                 _("The visit is confirmed; the host was told."))  # fmt: skip


@bp.post("/incoming-visits/<int:visit_id>/complete")
def incoming_visit_complete(visit_id: int):
    return _move(visit_id, policy.can_complete_incoming_visit, services.complete_incoming_visit,
                 _("The visit is marked completed."))  # fmt: skip


@bp.post("/incoming-visits/<int:visit_id>/cancel")
def incoming_visit_cancel(visit_id: int):
    visit = incoming_or_404(visit_id)
    authorize(policy.can_cancel_incoming_visit(current_user, visit))
    form = CancelIncomingForm()
    if not form.validate_on_submit():
        return _render_detail(visit, form, 422)
    try:
        services.cancel_incoming_visit(visit, actor=current_user, reason=form.reason.data)
        commit()
    except IncomingVisitError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render_detail(visit, form, 422)
    flash(_("The visit is cancelled; its days are free again."), "success")
    return redirect(url_for("coordinator.incoming_visit_detail", visit_id=visit.id))
