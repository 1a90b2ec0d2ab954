"""Allocation runs of a call: start a dry run, watch its progress, read the result per
destination and per student, commit it or set it aside."""

from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.programs.calls import Call
from exchange.selection import policy, queries, runs, scoring
from exchange.selection.commit import commit_run, stale_reason
from exchange.selection.forms import RunForm
from exchange.selection.models import AllocationRun
from exchange.selection.result_view import differences, result_view
from exchange.selection.services import SelectionError
from exchange.selection.states import RunState
from exchange.web import actor, attempt, authorize, button_flow, load, page, refuse, saved


def _run(call: Call, run_id: int) -> AllocationRun:
    return load(AllocationRun, run_id, where=lambda r: r.call_id == call.id)


def _run_url(run: AllocationRun) -> str:
    return url_for("coordinator.selection_run_detail", call_id=run.call_id, run_id=run.id)


@bp.post("/calls/<int:call_id>/selection/runs")
def selection_run_start(call_id: int):
    call = load(Call, call_id)
    authorize(policy.can_run(current_user, call))
    form = RunForm()
    with attempt(form) as done:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), "mechanism")
        run = runs.start_run(call, mechanism=form.mechanism.data, tie_rule=form.tie_rule.data,
                             seed=form.seed.data, actor=actor())  # fmt: skip
    if not done:
        # The dashboard again, with the run form and its message.
        return page(
            "coordinator/selection/dashboard.html",
            done=done,
            call=call,
            run_form=form,
            can_run=policy.can_run(current_user, call),
            **queries.dashboard_panels(call),
        )
    response = saved(_run_url(run))
    runs.launch(run.id)  # after the commit: the worker reads the run from the database
    return response


@bp.get("/calls/<int:call_id>/selection/runs/<int:run_id>")
def selection_run_detail(call_id: int, run_id: int):
    call = load(Call, call_id)
    run = _run(call, run_id)
    authorize(policy.can_view_run(current_user, run))
    stale = stale_reason(run, call)
    dry = run.state == RunState.DRY
    return page(
        "coordinator/selection/run_detail.html",
        call=call,
        run=run,
        view=result_view(run) if run.result else None,
        stale_reason=stale,
        outstanding=queries.reviews_outstanding(call) if dry else None,
        can_commit=policy.can_commit(current_user, run, fresh=stale is None),
        can_discard=policy.can_discard(current_user, run),
        others=[r for r in runs.runs_of(call.id, with_result=True) if r.id != run.id and r.result],
        differences=differences,
        flag_labels=scoring.Flag.LABELS,
    )


@bp.post("/calls/<int:call_id>/selection/runs/<int:run_id>/commit")
def selection_run_commit(call_id: int, run_id: int):
    call = load(Call, call_id)
    run = _run(call, run_id)
    authorize(policy.can_run(current_user, call))
    with attempt() as done:
        counts = commit_run(run, actor=actor())
    if not done:
        return redirect(_run_url(run))
    return saved(
        url_for("coordinator.selection_dashboard", call_id=call.id),
        _("Run #%(id)s is committed: %(selected)s selected, %(waitlisted)s waitlisted, "
          "%(not_selected)s not selected. Students see it on the release day.",
          id=run.id, **counts),
    )  # fmt: skip


@bp.post("/calls/<int:call_id>/selection/runs/<int:run_id>/discard")
def selection_run_discard(call_id: int, run_id: int):
    call = load(Call, call_id)
    run = _run(call, run_id)
    authorize(policy.can_rank(current_user, call))
    if not policy.can_discard(current_user, run):
        return refuse(_run_url(run), _("Only a dry or failed run can be set aside."))
    return button_flow(
        url_for("coordinator.selection_dashboard", call_id=call.id),
        lambda: runs.discard_run(run, actor=actor()),
        _("Run #%(id)s was set aside.", id=run.id),
    )
