"""Who may rank, score, run and commit a call's selection, and when.

Who: coordinators in scope of the whole call: university-wide coordinators, or scoped ones
whose units cover the agreement of every program in the call (a selection allocates all of
its programs at once, so a partial view could not be fair). Faculty review (exchange/reviews);
students and admins have no part here.
When: scores, runs and commits stop once the call's results are released. A run can be
committed only while it is a dry run of the current round whose inputs are still the call's.
"""

from __future__ import annotations

from exchange.accounts.scope import in_scope, is_university_wide
from exchange.applications.states import ApplicationState
from exchange.selection.runs import is_fresh
from exchange.selection.states import RunState

S = ApplicationState
# Applications whose interview and adjustment may change: before any decision, or left over
# for a later round.
SCORABLE = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.WAITLISTED, S.NOT_SELECTED})


def in_call_scope(user, call) -> bool:
    """University-wide coordinators, or scoped ones covering every program of the call."""
    if is_university_wide(user):
        return True
    programs = list(call.programs)
    return bool(programs) and all(in_scope(user, p.partnership.org_unit_id) for p in programs)


def released(call) -> bool:
    return call.results_released_at is not None


def can_rank(user, call) -> bool:
    """See the ranking, the runs and the selection dashboard of the call."""
    return in_call_scope(user, call)


def can_score(user, application) -> bool:
    """Record an interview score, an adjustment or a manual bonus for the application."""
    call = application.call
    return can_rank(user, call) and not released(call) and application.state in SCORABLE


def can_manage_rules(user, call) -> bool:
    """Add or remove the call's bonus and penalty rules."""
    return can_rank(user, call) and not released(call)


def can_run(user, call) -> bool:
    """Start a dry run of the call's next round."""
    return can_rank(user, call) and not released(call) and bool(call.programs)


def can_view_run(user, run) -> bool:
    return can_rank(user, run.call)


def can_discard(user, run) -> bool:
    return can_rank(user, run.call) and run.state in (RunState.DRY, RunState.FAILED)


def can_commit(user, run, *, fresh: bool | None = None) -> bool:
    """Commit the run: a dry run of the current round, inputs unchanged, before the release.
    `fresh` may be passed when the caller already compared the inputs (it costs queries)."""
    if not (can_run(user, run.call) and run.state == RunState.DRY):
        return False
    if fresh is None:
        fresh = is_fresh(run)
    return fresh
