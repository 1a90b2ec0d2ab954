"""A call's selection: the dashboard, the ranking (per call and per destination) with the
interview, adjustment and bonus forms, and the call's bonus and penalty rules."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications.models import Application
from exchange.applications.states import DECISIONS
from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.selection import policy, queries, runs, scoring, services
from exchange.selection.forms import AdjustForm, FlagForm, InterviewForm, RuleForm, RunForm
from exchange.selection.models import ScoreRule
from exchange.selection.services import SelectionError
from exchange.transactions import commit
from exchange.web import authorize

SHOWN = (*scoring.RANKABLE, *sorted(DECISIONS))


def render_dashboard(call, run_form: RunForm | None = None, status: int = 200):
    return render_template(
        "coordinator/selection/dashboard.html",
        call=call,
        board=queries.dashboard(call),
        runs=runs.runs_of(call.id),
        next_round=runs.committed_rounds(call.id) + 1,
        run_form=run_form or RunForm(formdata=None),
        can_run=policy.can_run(current_user, call),
        released=policy.released(call),
    ), status


@bp.get("/calls/<int:call_id>/selection")
def selection_dashboard(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_rank(current_user, call))
    return render_dashboard(call)


def _rows(call, program_id: int | None):
    rows = scoring.score_call(call, SHOWN)
    if program_id is None:
        return rows
    rows = [r for r in rows if program_id in r.program_scores]
    rows.sort(key=lambda r: (-r.program_scores[program_id], r.application.submitted_at,
                             r.application.id))  # fmt: skip
    return rows


def render_ranking(call, program_id=None, *, errors=None, values=None, open_row=None,
                   rule_form=None, status=200):  # fmt: skip
    program = None
    if program_id is not None:
        program = next((p for p in call.programs if p.id == program_id), None)
        if program is None:
            abort(404)
    rows = _rows(call, program_id)
    rules = scoring.call_rules(call.id)
    return render_template(
        "coordinator/selection/ranking.html",
        call=call,
        program=program,
        rows=rows,
        rules=rules,
        manual_rules=[r for r in rules if r.kind == "manual"],
        flags=scoring.flags_by_application(call.id, [r.application.id for r in rows]),
        errors=errors or {},
        values=values or {},
        open_row=open_row,
        rule_form=rule_form or RuleForm(formdata=None),
        can_rules=policy.can_manage_rules(current_user, call),
        flag_labels=scoring.Flag.LABELS,
        selection_policy=policy,
    ), status


def _program_arg() -> int | None:
    value = request.args.get("program", type=int)
    return value


@bp.get("/calls/<int:call_id>/selection/ranking")
def selection_ranking(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_rank(current_user, call))
    return render_ranking(call, _program_arg())


def _application(call, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.call_id != call.id or application.submitted_at is None:
        abort(404)
    return application


def _back(call):
    return redirect(url_for("coordinator.selection_ranking", call_id=call.id,
                            program=_program_arg()) + "#ranking")  # fmt: skip


@bp.post("/calls/<int:call_id>/selection/applications/<int:application_id>/interview")
def selection_interview(call_id: int, application_id: int):
    call = call_or_404(call_id)
    application = _application(call, application_id)
    authorize(policy.can_score(current_user, application))
    form = InterviewForm()
    value = form.interview_score.data
    try:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), "interview_score")
        services.record_interview(application, value, actor=current_user)
        commit()
    except SelectionError as error:
        db.session.rollback()
        return render_ranking(
            call, _program_arg(), errors={application_id: {error.field: str(error)}},
            values={application_id: {"interview_score": value}}, open_row=application_id,
            status=422,
        )  # fmt: skip
    flash(_("Interview score saved for %(name)s.", name=application.student.full_name), "success")
    return _back(call)


@bp.post("/calls/<int:call_id>/selection/applications/<int:application_id>/adjust")
def selection_adjust(call_id: int, application_id: int):
    call = call_or_404(call_id)
    application = _application(call, application_id)
    authorize(policy.can_score(current_user, application))
    form = AdjustForm()
    values = {"adjustment": form.adjustment.data, "reason": form.reason.data}
    try:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), "adjustment")
        services.adjust_score(application, form.adjustment.data, form.reason.data,
                              actor=current_user)  # fmt: skip
        commit()
    except SelectionError as error:
        db.session.rollback()
        return render_ranking(
            call, _program_arg(), errors={application_id: {error.field: str(error)}},
            values={application_id: values}, open_row=application_id, status=422,
        )  # fmt: skip
    flash(_("Adjustment saved for %(name)s.", name=application.student.full_name), "success")
    return _back(call)


@bp.post("/calls/<int:call_id>/selection/applications/<int:application_id>/flag")
def selection_flag(call_id: int, application_id: int):
    call = call_or_404(call_id)
    application = _application(call, application_id)
    authorize(policy.can_score(current_user, application))
    form = FlagForm()
    rule = db.session.get(ScoreRule, request.form.get("rule_id", type=int) or 0)
    if rule is None or rule.call_id != call.id:
        abort(404)
    try:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."))
        services.set_flag(application, rule, form.on.data == "1", actor=current_user)
        commit()
    except SelectionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(call)
    flash(_("%(rule)s updated for %(name)s.", rule=rule.label,
            name=application.student.full_name), "success")  # fmt: skip
    return _back(call)


@bp.post("/calls/<int:call_id>/selection/rules")
def selection_rule_add(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_manage_rules(current_user, call))
    form = RuleForm()
    try:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), "label")
        services.add_rule(call, kind=form.kind.data, label=form.label.data,
                          points=form.points.data, actor=current_user)  # fmt: skip
        commit()
    except SelectionError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_ranking(call, _program_arg(), rule_form=form, status=422)
    flash(_("The rule was added to the call's formula."), "success")
    return redirect(url_for("coordinator.selection_ranking", call_id=call.id) + "#rules")


@bp.post("/calls/<int:call_id>/selection/rules/<int:rule_id>/remove")
def selection_rule_remove(call_id: int, rule_id: int):
    call = call_or_404(call_id)
    rule = db.session.get(ScoreRule, rule_id)
    if rule is None or rule.call_id != call.id:
        abort(404)
    authorize(policy.can_manage_rules(current_user, call))
    label = rule.label
    services.remove_rule(rule, actor=current_user)
    commit()
    flash(_("The rule “%(rule)s” was removed.", rule=label), "success")
    return redirect(url_for("coordinator.selection_ranking", call_id=call.id) + "#rules")


# The run screens live beside; importing them here registers their routes with this module.
from exchange.coordinator import selection_runs  # noqa: E402,F401
