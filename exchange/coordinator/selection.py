"""A call's selection: the dashboard, the ranking (per call and per destination) with the
interview, adjustment and bonus forms, and the call's bonus and penalty rules. The run
screens are in selection_runs.py."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications.models import Application
from exchange.coordinator import bp
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.selection import policy, queries, scoring, services
from exchange.selection.forms import AdjustForm, FlagForm, InterviewForm, RuleForm, RunForm
from exchange.selection.models import ScoreRule
from exchange.selection.services import SelectionError
from exchange.web import actor, attempt, authorize, button_flow, load, page, saved


def _call(call_id: int) -> Call:
    """The call, once this coordinator may rank it."""
    call = load(Call, call_id)
    authorize(policy.can_rank(current_user, call))
    return call


@bp.get("/calls/<int:call_id>/selection")
def selection_dashboard(call_id: int):
    call = _call(call_id)
    return page(
        "coordinator/selection/dashboard.html",
        call=call,
        run_form=RunForm(formdata=None),
        can_run=policy.can_run(current_user, call),
        **queries.dashboard_panels(call),
    )


def _program_arg() -> int | None:
    return request.args.get("program", type=int)


def render_ranking(call, *, errors=None, values=None, open_row=None, rule_form=None,
                   status=None):  # fmt: skip
    program_id = _program_arg()
    program = None
    if program_id is not None:
        program = load(Program, program_id, where=lambda p: p.call_id == call.id)
    rows = queries.ranking(call, program_id)
    rules = scoring.call_rules(call.id)
    return page(
        "coordinator/selection/ranking.html",
        status=status,
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
    )


@bp.get("/calls/<int:call_id>/selection/ranking")
def selection_ranking(call_id: int):
    return render_ranking(_call(call_id))


def _scorable(call_id: int, application_id: int) -> tuple[Call, Application]:
    call = load(Call, call_id)
    application = load(
        Application,
        application_id,
        where=lambda a: a.call_id == call.id and a.submitted_at is not None,
    )
    authorize(policy.can_score(current_user, application))
    return call, application  # fmt: skip


def _ranking_url(call, anchor: str = "ranking") -> str:
    return url_for("coordinator.selection_ranking", call_id=call.id, program=_program_arg(),
                   _anchor=anchor)  # fmt: skip


def _score_row(call_id: int, application_id: int, form, field: str, change, message):
    """An interview or adjustment form of one ranking row: a refusal reopens that row with
    the values typed and the message beside its field."""
    call, application = _scorable(call_id, application_id)
    with attempt(form) as done:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), field)
        change(application)
    if not done:
        typed = {name: f.data for name, f in form._fields.items() if name != "csrf_token"}
        return render_ranking(
            call, errors={application.id: {done.error.field: str(done.error)}},
            values={application.id: typed}, open_row=application.id, status=done.status,
        )  # fmt: skip
    return saved(_ranking_url(call), message(application.student.full_name))


@bp.post("/calls/<int:call_id>/selection/applications/<int:application_id>/interview")
def selection_interview(call_id: int, application_id: int):
    form = InterviewForm()
    return _score_row(
        call_id, application_id, form, "interview_score",
        lambda a: services.record_interview(a, form.interview_score.data, actor=actor()),
        lambda name: _("Interview score saved for %(name)s.", name=name),
    )  # fmt: skip


@bp.post("/calls/<int:call_id>/selection/applications/<int:application_id>/adjust")
def selection_adjust(call_id: int, application_id: int):
    form = AdjustForm()
    return _score_row(
        call_id, application_id, form, "adjustment",
        lambda a: services.adjust_score(a, form.adjustment.data, form.reason.data,
                                        actor=actor()),
        lambda name: _("Adjustment saved for %(name)s.", name=name),
    )  # fmt: skip


@bp.post("/calls/<int:call_id>/selection/applications/<int:application_id>/flag")
def selection_flag(call_id: int, application_id: int):
    call, application = _scorable(call_id, application_id)
    rule = load(ScoreRule, request.form.get("rule_id", type=int),
                where=lambda r: r.call_id == call.id)  # fmt: skip
    form = FlagForm()

    def run():
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."))
        services.set_flag(application, rule, form.on.data == "1", actor=actor())

    return button_flow(
        _ranking_url(call), run,
        _("%(rule)s updated for %(name)s.", rule=rule.label, name=application.student.full_name),
    )  # fmt: skip


@bp.post("/calls/<int:call_id>/selection/rules")
def selection_rule_add(call_id: int):
    call = load(Call, call_id)
    authorize(policy.can_manage_rules(current_user, call))
    form = RuleForm()
    with attempt(form) as done:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), "label")
        services.add_rule(call, kind=form.kind.data, label=form.label.data,
                          points=form.points.data, actor=actor())  # fmt: skip
    if not done:
        return render_ranking(call, rule_form=form, status=done.status)
    return saved(
        url_for("coordinator.selection_ranking", call_id=call.id, _anchor="rules"),
        _("The rule was added to the call's formula."),
    )


@bp.post("/calls/<int:call_id>/selection/rules/<int:rule_id>/remove")
def selection_rule_remove(call_id: int, rule_id: int):
    call = load(Call, call_id)
    rule = load(ScoreRule, rule_id, where=lambda r: r.call_id == call.id)
    authorize(policy.can_manage_rules(current_user, call))
    label = rule.label
    return button_flow(
        url_for("coordinator.selection_ranking", call_id=call.id, _anchor="rules"),
        lambda: services.remove_rule(rule, actor=actor()),
        _("The rule “%(rule)s” was removed.", rule=label),
    )
