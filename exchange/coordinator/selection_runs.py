"""Allocation runs of a call: start a dry run, watch its progress, read the result per
destination and per student, commit it or set it aside."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.coordinator.selection import render_dashboard
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.selection import policy, queries, runs, scoring
from exchange.selection.commit import check_committable, commit_run
from exchange.selection.forms import RunForm
from exchange.selection.models import AllocationRun
from exchange.selection.result_view import differences, result_view
from exchange.selection.services import SelectionError
from exchange.selection.states import RunState
from exchange.transactions import commit
from exchange.web import authorize


def _run_or_404(call_id: int, run_id: int) -> AllocationRun:
    run = db.session.get(AllocationRun, run_id)
    if run is None or run.call_id != call_id:
        abort(404)
    return run


@bp.post("/calls/<int:call_id>/selection/runs")
def selection_run_start(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_run(current_user, call))
    form = RunForm()
    try:
        if not form.validate_on_submit():
            raise SelectionError(_("The form expired; send it again."), "mechanism")
        run = runs.start_run(call, mechanism=form.mechanism.data, tie_rule=form.tie_rule.data,
                             seed=form.seed.data, actor=current_user)  # fmt: skip
        commit()
    except SelectionError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_dashboard(call, form, 422)
    runs.launch(run.id)
    return redirect(url_for("coordinator.selection_run_detail", call_id=call.id, run_id=run.id))


@bp.get("/calls/<int:call_id>/selection/runs/<int:run_id>")
def selection_run_detail(call_id: int, run_id: int):
    call = call_or_404(call_id)
    run = _run_or_404(call.id, run_id)
    authorize(policy.can_view_run(current_user, run))
    stale_reason = None
    if run.state == RunState.DRY:
        try:
            check_committable(run, call)
        except SelectionError as error:
            stale_reason = str(error)
    view = result_view(run) if run.result else None
    return render_template(
        "coordinator/selection/run_detail.html",
        call=call,
        run=run,
        view=view,
        stale_reason=stale_reason,
        outstanding=queries.reviews_outstanding(call) if run.state == RunState.DRY else None,
        can_commit=policy.can_commit(current_user, run, fresh=stale_reason is None),
        can_discard=policy.can_discard(current_user, run),
        others=[r for r in runs.runs_of(call.id, with_result=True) if r.id != run.id and r.result],
        differences=differences,
        flag_labels=scoring.Flag.LABELS,
    )


@bp.post("/calls/<int:call_id>/selection/runs/<int:run_id>/commit")
def selection_run_commit(call_id: int, run_id: int):
    call = call_or_404(call_id)
    run = _run_or_404(call.id, run_id)
    authorize(policy.can_run(current_user, call))
    back = redirect(url_for("coordinator.selection_run_detail", call_id=call.id, run_id=run.id))
    try:
        counts = commit_run(run, actor=current_user)
        commit()
    except SelectionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    flash(_("Run #%(id)s is committed: %(selected)s selected, %(waitlisted)s waitlisted, "
            "%(not_selected)s not selected. Students see it on the release day.",
            id=run.id, **counts), "success")  # fmt: skip
    return redirect(url_for("coordinator.selection_dashboard", call_id=call.id))


@bp.post("/calls/<int:call_id>/selection/runs/<int:run_id>/discard")
def selection_run_discard(call_id: int, run_id: int):
    call = call_or_404(call_id)
    run = _run_or_404(call.id, run_id)
    authorize(policy.can_rank(current_user, call))
    if not policy.can_discard(current_user, run):
        flash(_("Only a dry or failed run can be set aside."), "error")
        return redirect(url_for("coordinator.selection_run_detail", call_id=call.id,
                                run_id=run.id))  # fmt: skip
    runs.discard_run(run, actor=current_user)
    commit()
    flash(_("Run #%(id)s was set aside.", id=run.id), "success")
    return redirect(url_for("coordinator.selection_dashboard", call_id=call.id))
