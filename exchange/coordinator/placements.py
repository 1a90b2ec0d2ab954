"""Results of a call for the office: release them, follow the offers, approve placements,
and decide a single application by hand."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from exchange.applications import policy as application_policy
from exchange.applications.models import Application
from exchange.applications.states import HOLDING_SEAT, ApplicationState
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.placements import offers
from exchange.placements import policy as placement_policy
from exchange.placements.decisions import decide_application, destination_programs
from exchange.placements.errors import PlacementError
from exchange.placements.expiry import expire_offers
from exchange.placements.forms import DecideForm, ReleaseForm
from exchange.placements.release import release_if_due, release_results
from exchange.placements.seats import SeatsFull
from exchange.programs import call_policy
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.transactions import commit
from exchange.web import authorize

S = ApplicationState
# The buttons on the application page ask the same policy as the views.
bp.add_app_template_global(placement_policy, "placements_policy")
TRACKED = (S.SELECTED, S.OFFERED, S.ACCEPTED, S.PLACED, S.WAITLISTED, S.NOT_SELECTED,
           S.DECLINED, S.EXPIRED)  # fmt: skip


def _call_or_404(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call


def _application_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or not application_policy.can_view(current_user, application):
        abort(404)
    return application


def _busy_message() -> str:
    return _("Someone changed these applications at the same moment; nothing was saved. "
             "Check the page and try again.")  # fmt: skip


def _counts(call: Call) -> dict:
    rows = db.session.execute(
        select(Application.state, func.count())
        .where(Application.call_id == call.id, Application.state.in_(TRACKED))
        .group_by(Application.state)
    ).all()
    return {S(state): n for state, n in rows}


def _offers(call: Call) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.call_id == call.id,
                   Application.state.in_((S.OFFERED, S.ACCEPTED, S.PLACED)))
            .options(selectinload(Application.outcome_program))
            .order_by(Application.state, Application.offer_deadline, Application.id)
        )
    )  # fmt: skip


def _render_results(call: Call, form: ReleaseForm, status: int = 200):
    today = date.today()
    programs = sorted(call.programs, key=lambda p: p.title)
    rows = _offers(call)
    return render_template(
        "coordinator/placements/results.html",
        call=call,
        programs=programs,
        counts=_counts(call),
        offers=rows,
        form=form,
        early=not placement_policy.release_day_reached(call, today),
        can_release=placement_policy.can_release(current_user, call),
        can_place={a.id for a in rows if placement_policy.can_place(current_user, a)},
        today=today,
    ), status


@bp.get("/calls/<int:call_id>/results")
def call_results(call_id: int):
    call = _call_or_404(call_id)
    authorize(call_policy.can_view_call(current_user, call))
    today = date.today()
    # On read: release when the day has come, expire overdue offers (and promote).
    changed = release_if_due(call, today) is not None
    changed = expire_offers(today, call_id=call.id) > 0 or changed
    if changed:
        commit()
    return _render_results(call, ReleaseForm(formdata=None))


@bp.post("/calls/<int:call_id>/release")
def call_release(call_id: int):
    call = _call_or_404(call_id)
    authorize(placement_policy.can_release(current_user, call))
    form = ReleaseForm()
    if not form.validate_on_submit():
        return _render_results(call, form, 422)
    try:
        summary = release_results(call, actor=current_user._get_current_object(),
                                  reason=form.reason.data)  # fmt: skip
        commit()
    except PlacementError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render_results(call, form, 422)
    except (StaleDataError, OperationalError):
        db.session.rollback()
        flash(_busy_message(), "error")
    else:
        message = _(
            "Results released: %(offered)s offers sent, %(waitlisted)s students told their "
            "waiting-list position, %(refused)s refusals sent.",
            offered=summary.offered, waitlisted=summary.waitlisted, refused=summary.not_selected,
        )  # fmt: skip
        flash(message, "success")
    return redirect(url_for("coordinator.call_results", call_id=call.id))


@bp.post("/applications/<int:application_id>/place")
def application_place(application_id: int):
    application = _application_or_404(application_id)
    authorize(placement_policy.can_place(current_user, application))
    try:
        offers.place_application(application, actor=current_user._get_current_object())
        commit()
    except PlacementError as error:
        db.session.rollback()
        flash(str(error), "error")
    except (StaleDataError, OperationalError):
        db.session.rollback()
        flash(_busy_message(), "error")
    else:
        flash(_("Placement approved for %(name)s.", name=application.student.full_name),
              "success")  # fmt: skip
    back = request.form.get("back") == "results"
    if back:
        return redirect(url_for("coordinator.call_results", call_id=application.call_id))
    return redirect(url_for("coordinator.application_detail", application_id=application.id))


def _render_decide(application: Application, form: DecideForm, status: int = 200):
    programs = destination_programs(application)
    form.program_id.choices = [("", _("Choose a program…"))] + [
        (p.id, f"{p.title} — {p.term.label} {p.academic_year_label} "
               f"({_('%(n)s of %(seats)s seats free', n=p.seats - p.seats_held, seats=p.seats)})")
        for p in programs
    ]  # fmt: skip
    return render_template(
        "coordinator/placements/decide.html",
        application=application,
        form=form,
        released=placement_policy.is_released(application.call),
        holding=application.state in HOLDING_SEAT,
    ), status


@bp.route("/applications/<int:application_id>/decide", methods=["GET", "POST"])
def application_decide(application_id: int):
    application = _application_or_404(application_id)
    authorize(placement_policy.can_decide(current_user, application))
    form = DecideForm()
    if request.method == "GET":
        # A placement the partner rejected needs another destination: nothing is preselected.
        if placement_policy.returned_by_partner(application):
            preselected = None
        else:
            preselected = application.outcome_program_id or (
                application.choices[0].program_id if application.choices else None
            )
        form = DecideForm(formdata=None, program_id=preselected)
        return _render_decide(application, form)
    if not form.validate_on_submit():
        return _render_decide(application, form, 422)
    program = db.session.get(Program, form.program_id.data) if form.program_id.data else None
    try:
        actor = current_user._get_current_object()
        decide_application(application, decision=form.decision.data, program=program,
                           reason=form.reason.data, actor=actor)  # fmt: skip
        commit()
    except SeatsFull as error:
        db.session.rollback()
        form.program_id.errors = [str(error)]
        return _render_decide(application, form, 409)
    except PlacementError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render_decide(application, form, 422)
    except (StaleDataError, OperationalError):
        db.session.rollback()
        form.form_errors.append(_busy_message())
        return _render_decide(application, form, 409)
    flash(_("Decision recorded for %(name)s.", name=application.student.full_name), "success")
    return redirect(url_for("coordinator.application_detail", application_id=application.id))
