"""Incoming visiting scholars: record a partner's visitor against the incoming staff days,
change, confirm, complete or cancel the visit."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications.listing import parse_int
from exchange.coordinator import bp
from exchange.coordinator.visits import page_of
from exchange.visits import reports
from exchange.visits.incoming import policy, queries, services
from exchange.visits.incoming.forms import CancelIncomingForm, IncomingVisitForm
from exchange.visits.incoming.models import (
    IncomingState,
    IncomingVisit,
    IncomingVisitError,
    day_limits,
)
from exchange.web import actor, attempt, authorize, load, page, saved


def _detail_url(visit: IncomingVisit) -> str:
    return url_for("coordinator.incoming_visit_detail", visit_id=visit.id)


@bp.get("/incoming-visits")
def incoming_visit_list():
    authorize(policy.can_list_incoming_visits(current_user))
    state = reports.parse_enum(IncomingState, request.args.get("state"))
    return page(
        "coordinator/visits/incoming_list.html",
        page=page_of(queries.incoming_visits_query(current_user, state)),
        state=state,
        states=list(IncomingState),
    )


def _form_page(form: IncomingVisitForm, visit: IncomingVisit | None, done):
    partnerships = form.set_choices(current_user)
    if visit is not None and visit.partnership not in partnerships:
        # Its agreement is no longer offered (suspended, say): still shown, the rules explain.
        p = visit.partnership
        form.partnership_id.choices.append(
            (p.id, f"{p.title} — {p.partner.name} ({p.state.label})")
        )
    chosen = next((p for p in partnerships if p.id == form.partnership_id.data), None)
    days, year = queries.form_days(chosen, form.start_date.data)
    return page(
        "coordinator/visits/incoming_form.html",
        done=done,
        form=form,
        visit=visit,
        partnerships=partnerships,
        chosen=chosen,
        days=days,
        days_year=year,
        limits=day_limits(),
    )


def _in_scope(fields: dict) -> dict:
    """An agreement outside the coordinator's scope is refused beside the field."""
    partnership = fields["partnership"]
    if partnership is not None and not policy.can_record_incoming_visit(current_user, partnership):
        raise IncomingVisitError(_("Choose an agreement from the list."), "partnership_id")
    return fields


@bp.route("/incoming-visits/new", methods=["GET", "POST"])
def incoming_visit_create():
    authorize(policy.can_record_incoming_visit(current_user))
    form = IncomingVisitForm()
    if request.method == "GET":
        form.partnership_id.data = parse_int(request.args.get("partnership"))
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            visit = services.record_incoming_visit(
                actor=actor(), **_in_scope(form.service_fields())
            )
        if done:
            return saved(_detail_url(visit), _(
                "The visit of %(name)s was recorded; confirm it once the partner and the host "
                "agree.", name=visit.visitor_name))  # fmt: skip
    return _form_page(form, None, done)


def _visit(visit_id: int, allowed) -> IncomingVisit:
    visit = load(IncomingVisit, visit_id)
    authorize(allowed(current_user, visit))
    return visit


def _detail_page(visit: IncomingVisit, cancel_form: CancelIncomingForm, done=None):
    return page(
        "coordinator/visits/incoming_detail.html",
        done=done,
        visit=visit,
        history=queries.history(visit),
        cancel_form=cancel_form,
        policy=policy,
    )


@bp.get("/incoming-visits/<int:visit_id>")
def incoming_visit_detail(visit_id: int):
    visit = _visit(visit_id, policy.can_view_incoming_visit)
    return _detail_page(visit, CancelIncomingForm(formdata=None))


@bp.route("/incoming-visits/<int:visit_id>/edit", methods=["GET", "POST"])
def incoming_visit_edit(visit_id: int):
    visit = _visit(visit_id, policy.can_edit_incoming_visit)
    form = IncomingVisitForm(obj=visit)
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            services.update_incoming_visit(visit, actor=actor(), **_in_scope(form.service_fields()))
        if done:
            return saved(_detail_url(visit), _("Changes to the visit were saved."))
    return _form_page(form, visit, done)


def _move(visit_id: int, allowed, service, message: str):
    """A button on the visit's page: run the move, say what happened, back to the page."""
    visit = _visit(visit_id, allowed)
    with attempt() as done:
        service(visit, actor=actor())
    if not done:
        return redirect(_detail_url(visit))
    return saved(_detail_url(visit), message)


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
    visit = _visit(visit_id, policy.can_cancel_incoming_visit)
    form = CancelIncomingForm()
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            services.cancel_incoming_visit(visit, actor=actor(), reason=form.reason.data)
        if done:
            return saved(_detail_url(visit), _("The visit is cancelled; its days are free again."))
    return _detail_page(visit, form, done)
