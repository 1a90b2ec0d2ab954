"""Objections to a call's results: the list per call (filtered by state), and the answer.

An objection outside the coordinator's scope answers 404; an answered one shows its answer
and no form. A refused answer is shown beside its field with 422, and nothing is saved.
"""

from __future__ import annotations

from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications import listing
from exchange.applications.seats import seats_left
from exchange.coordinator import bp
from exchange.placements.objections import policy as rules
from exchange.placements.objections.forms import AnswerForm
from exchange.placements.objections.services import (
    OFFERABLE_ON_UPHOLD,
    Objection,
    ObjectionError,
    answer_objection,
    objection_deadline,
)
from exchange.placements.policy import can_decide
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.web import actor, attempt, authorize, load, page, saved


@bp.get("/calls/<int:call_id>/objections")
def objection_list(call_id: int):
    call = load(Call, call_id)
    authorize(rules.can_list_objections(current_user, call))
    state = rules.listed_state(request.args.get("state"))
    return page(
        "coordinator/objections/objection_list.html",
        call=call,
        page=listing.paginate(
            rules.objections_query(current_user, call, state),
            request.args.get("page", 1, type=int),
            current_app.config["PAGE_SIZE"],
        ),
        state=state,
        counts=rules.objection_counts(current_user, call),
        deadline=objection_deadline(call),
    )


def _program_choices(form: AnswerForm, objection: Objection) -> list[Program]:
    """The programs the student ranked that may be offered on upholding (as form choices)."""
    application = objection.application
    none = ("", _("No offer: I change the decision by hand"))
    if application.state not in OFFERABLE_ON_UPHOLD:
        form.program_id.choices = [none]
        return []
    programs = [c.program for c in application.choices]
    form.program_id.choices = [none] + [
        (p.id, _("%(program)s (choice %(rank)s) — %(free)s of %(seats)s seats free",
                 program=p.title, rank=rank, free=seats_left(p), seats=p.seats))
        for rank, p in enumerate(programs, start=1)
        if p.id != application.outcome_program_id
    ]  # fmt: skip
    return programs


def _chosen(programs: list[Program], program_id: int | None) -> Program | None:
    """The program to offer (None: uphold without an offer); only one the student ranked."""
    if program_id is None:
        return None
    program = next((p for p in programs if p.id == program_id), None)
    if program is None:
        raise ObjectionError(_("Offer one of the programs the student ranked."), "program_id")
    return program


@bp.route("/objections/<int:objection_id>", methods=["GET", "POST"])
def objection_detail(objection_id: int):
    objection = load(Objection, objection_id,
                     where=lambda o: rules.can_view_objection(current_user, o))  # fmt: skip
    application = objection.application
    form = AnswerForm()
    programs = _program_choices(form, objection)
    done = attempt(form)
    if request.method == "POST":
        if not rules.can_answer_objection(current_user, objection):
            flash(_("This objection was already answered; an objection is answered once. "
                    "Nothing was changed."), "warning")  # fmt: skip
        elif form.validate_on_submit():
            with done:
                answer_objection(objection, actor=actor(), upheld=form.upheld,
                                 answer=form.answer.data,
                                 program=_chosen(programs, form.program_id.data))  # fmt: skip
            if done:
                return saved(
                    url_for("coordinator.objection_detail", objection_id=objection.id),
                    _("The objection was %(state)s; %(student)s was told.",
                      state=objection.state.label.lower(), student=application.student.full_name),
                )  # fmt: skip
    return page(
        "coordinator/objections/objection_detail.html",
        done=done,
        objection=objection,
        application=application,
        form=form,
        can_answer=rules.can_answer_objection(current_user, objection),
        decide_url=_decide_url(application),
        deadline=objection_deadline(application.call),
    )


def _decide_url(application) -> str | None:
    """The decide-by-hand page of the application, when this coordinator may use it now."""
    if not can_decide(current_user, application):
        return None
    return url_for("coordinator.application_decide", application_id=application.id)
