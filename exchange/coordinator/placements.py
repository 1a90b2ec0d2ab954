"""Results of a call for the office: release them, follow the offers, approve placements,
and decide a single application by hand."""

from __future__ import annotations

from datetime import date

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange.applications import policy as application_policy
from exchange.applications.models import Application
from exchange.applications.states import HOLDING_SEAT
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.placements import offers, queries
from exchange.placements import policy as placement_policy
from exchange.placements.decisions import decide_application, destination_programs
from exchange.placements.expiry import expire_offers
from exchange.placements.forms import DecideForm, ReleaseForm
from exchange.placements.release import release_if_due, release_results
from exchange.programs import policy as program_policy
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.transactions import commit
from exchange.web import actor, attempt, authorize, load, page, refuse, saved

# The buttons on the application page ask the same policy as the views.
bp.add_app_template_global(placement_policy, "placements_policy")

# Said when a seat count or an application changed under the request (a lock, a version).
BUSY = _l("Someone changed these applications at the same moment; nothing was saved. "
          "Check the page and try again.")  # fmt: skip


def _application(application_id: int) -> Application:
    return load(Application, application_id,
                where=lambda a: application_policy.can_view(current_user, a))  # fmt: skip


def _results_url(call_id: int) -> str:
    return url_for("coordinator.call_results", call_id=call_id)


def _render_results(call: Call, form: ReleaseForm, done=None):
    today = date.today()
    rows = queries.offers_of(call.id)
    return page(
        "coordinator/placements/results.html",
        done=done,
        call=call,
        programs=sorted(call.programs, key=lambda p: p.title),
        counts=queries.result_counts(call.id),
        offers=rows,
        form=form,
        early=not placement_policy.release_day_reached(call, today),
        can_release=placement_policy.can_release(current_user, call),
        can_place={a.id for a in rows if placement_policy.can_place(current_user, a)},
        today=today,
    )


@bp.get("/calls/<int:call_id>/results")
def call_results(call_id: int):
    call = load(Call, call_id)
    authorize(program_policy.can_view_call(current_user, call))
    # On read: release when the day has come, expire overdue offers (and promote). Time's
    # work belongs to a scheduled job (issue 12); until then this page does it.
    today = date.today()
    released = release_if_due(call, today) is not None
    if expire_offers(today, call_id=call.id) > 0 or released:
        commit()
    return _render_results(call, ReleaseForm(formdata=None))


@bp.post("/calls/<int:call_id>/release")
def call_release(call_id: int):
    call = load(Call, call_id)
    authorize(placement_policy.can_release(current_user, call))
    form = ReleaseForm()
    done = attempt(form, busy=BUSY)
    if form.validate_on_submit():
        with done:
            summary = release_results(call, actor=actor(), reason=form.reason.data)
        if done:
            return saved(
                _results_url(call.id),
                _("Results released: %(offered)s offers sent, %(waitlisted)s students told "
                  "their waiting-list position, %(refused)s refusals sent.",
                  offered=summary.offered, waitlisted=summary.waitlisted,
                  refused=summary.not_selected),
            )  # fmt: skip
        if done.status == 409:
            # Someone else was releasing at the same moment: their page is the one to read.
            return refuse(_results_url(call.id), done.error)
    return _render_results(call, form, done)


@bp.post("/applications/<int:application_id>/place")
def application_place(application_id: int):
    application = _application(application_id)
    authorize(placement_policy.can_place(current_user, application))
    if request.form.get("back") == "results":
        back = _results_url(application.call_id)
    else:
        back = url_for("coordinator.application_detail", application_id=application.id)
    with attempt(busy=BUSY) as done:
        offers.place_application(application, actor=actor())
    if not done:
        return redirect(back)
    return saved(back, _("Placement approved for %(name)s.", name=application.student.full_name))


def _render_decide(application: Application, form: DecideForm, done=None):
    form.program_id.choices = [("", _("Choose a program…"))] + [
        (p.id, f"{p.title} — {p.term.label} {p.academic_year_label} "
               f"({_('%(n)s of %(seats)s seats free', n=p.seats - p.seats_held, seats=p.seats)})")
        for p in destination_programs(application)
    ]  # fmt: skip
    return page(
        "coordinator/placements/decide.html",
        done=done,
        application=application,
        form=form,
        released=placement_policy.is_released(application.call),
        holding=application.state in HOLDING_SEAT,
    )


def _preselected(application: Application) -> int | None:
    # A placement the partner rejected needs another destination: nothing is preselected.
    if placement_policy.returned_by_partner(application):
        return None
    return application.outcome_program_id or (
        application.choices[0].program_id if application.choices else None
    )


@bp.route("/applications/<int:application_id>/decide", methods=["GET", "POST"])
def application_decide(application_id: int):
    application = _application(application_id)
    authorize(placement_policy.can_decide(current_user, application))
    if request.method == "GET":
        return _render_decide(
            application, DecideForm(formdata=None, program_id=_preselected(application))
        )
    form = DecideForm()
    done = attempt(form, busy=BUSY)
    if form.validate_on_submit():
        program = db.session.get(Program, form.program_id.data) if form.program_id.data else None
        with done:
            decide_application(application, decision=form.decision.data, program=program,
                               reason=form.reason.data, actor=actor())  # fmt: skip
        if done:
            return saved(
                url_for("coordinator.application_detail", application_id=application.id),
                _("Decision recorded for %(name)s.", name=application.student.full_name),
            )
    return _render_decide(application, form, done)
