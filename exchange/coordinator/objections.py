"""Objections to a call's results: the list per call (filtered by state), and the answer.

An objection outside the coordinator's scope answers 404; an answered one shows its answer
and no form. A refused answer is shown beside its field with 422, and nothing is saved.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications import listing
from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.placements.objections import policy as rules
from exchange.placements.objections.forms import AnswerForm
from exchange.placements.objections.services import (
    OFFERABLE_ON_UPHOLD,
    Objection,
    ObjectionError,
    ObjectionState,
    answer_objection,
    objection_deadline,
)
from exchange.placements.seats import seats_left
from exchange.programs.models import Program
from exchange.transactions import commit
from exchange.web import authorize

# The decision page of the placement area, when it exists (linked for changes by hand).
DECIDE_ENDPOINT = "coordinator.application_decide"


def _objection_or_404(objection_id: int) -> Objection:
    objection = db.session.get(Objection, objection_id)
    if objection is None or not rules.can_view_objection(current_user, objection):
        abort(404)
    return objection


def decide_url(application) -> str | None:
    """The decide-by-hand page of the application, when this coordinator may use it now."""
    from exchange.placements.policy import can_decide

    if DECIDE_ENDPOINT in current_app.view_functions and can_decide(current_user, application):
        return url_for(DECIDE_ENDPOINT, application_id=application.id)
    return None


@bp.get("/calls/<int:call_id>/objections")
def objection_list(call_id: int):
    call = call_or_404(call_id)
    authorize(rules.can_list_objections(current_user, call))
    try:
        state = ObjectionState(request.args.get("state") or "lodged")
    except ValueError:
        state = None
    if request.args.get("state") == "all":
        state = None
    page = listing.paginate(
        rules.objections_query(current_user, call, state),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "coordinator/objections/objection_list.html",
        call=call,
        page=page,
        state=state,
        counts=rules.objection_counts(current_user, call),
        deadline=objection_deadline(call),
    )


def _program_choices(form: AnswerForm, objection: Objection) -> list[Program]:
    application = objection.application
    programs = [c.program for c in application.choices]
    if application.state not in OFFERABLE_ON_UPHOLD:
        form.program_id.choices = [("", _("No offer: I change the decision by hand"))]
        return []
    form.program_id.choices = [("", _("No offer: I change the decision by hand"))] + [
        (p.id, _("%(program)s (choice %(rank)s) — %(free)s of %(seats)s seats free",
                 program=p.title, rank=rank, free=seats_left(p), seats=p.seats))
        for rank, p in enumerate(programs, start=1)
        if p.id != application.outcome_program_id
    ]  # fmt: skip
    return programs


def _render(objection: Objection, form: AnswerForm, status: int = 200):
    application = objection.application
    return render_template(
        "coordinator/objections/objection_detail.html",
        objection=objection,
        application=application,
        form=form,
        can_answer=rules.can_answer_objection(current_user, objection),
        decide_url=decide_url(application),
        deadline=objection_deadline(application.call),
    ), status


@bp.route("/objections/<int:objection_id>", methods=["GET", "POST"])
def objection_detail(objection_id: int):
    objection = _objection_or_404(objection_id)
    form = AnswerForm()
    programs = _program_choices(form, objection)
    if request.method == "GET":
        return _render(objection, form)
    if not rules.can_answer_objection(current_user, objection):
        flash(_("This objection was already answered; an objection is answered once. Nothing "
                "was changed."), "warning")  # fmt: skip
        return _render(objection, form, 422)
    if form.validate_on_submit():
        program = None
        if form.program_id.data is not None:
            program = next((p for p in programs if p.id == form.program_id.data), None)
            if program is None:
                form.program_id.errors.append(_("Offer one of the programs the student ranked."))
                return _render(objection, form, 422)
        try:
            answer_objection(
                objection,
                actor=current_user._get_current_object(),
                upheld=form.upheld,
                answer=form.answer.data,
                program=program,
            )
            commit()
        except ObjectionError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("The objection was %(state)s; %(student)s was told.",
                    state=objection.state.label.lower(),
                    student=objection.application.student.full_name), "success")  # fmt: skip
            return redirect(url_for("coordinator.objection_detail", objection_id=objection.id))
    return _render(objection, form, 422)
