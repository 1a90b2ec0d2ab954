"""Committing a dry run: its stored result becomes each application's selection state.

Nothing is recomputed: the stored result is applied as it was shown. The commit is refused
when the run is not a dry run, when another run of the same round was committed meanwhile,
when the call's results were released, or when the inputs changed since the dry run (an
application submitted or withdrawn, a score, an interview, a review, a seat count changed):
the coordinator then starts a new dry run. The call's row is locked first (SELECT ... FOR
UPDATE on PostgreSQL; SQLite writes one transaction at a time), and a partial unique index
keeps one committed run per call and round whatever happens.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from exchange import audit
from exchange.applications.models import Application
from exchange.applications.seats import SeatsFull, hold_seat
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.db import utcnow
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.selection import runs
from exchange.selection.engine import result_from_dict
from exchange.selection.models import AllocationRun, WaitlistEntry
from exchange.selection.services import SelectionError
from exchange.selection.states import RunState, run_workflow

S = ApplicationState


def _lock(run: AllocationRun) -> Call:
    call = db.session.scalars(
        select(Call).where(Call.id == run.call_id).with_for_update(of=Call)
    ).one()
    db.session.refresh(run, with_for_update=True)
    return call


def check_committable(run: AllocationRun, call: Call) -> None:
    """Raise SelectionError with the reason a run cannot be committed now."""
    if call.results_released_at is not None:
        raise SelectionError(
            _l("The results of this call were released; its selection cannot change now.")
        )
    if run.state != RunState.DRY:
        raise SelectionError(
            _l("Only a dry run can be committed; this run is %(state)s.", state=run.state.label)
        )
    if runs.committed_rounds(call.id) + 1 != run.round:
        raise SelectionError(
            _l("Another run of this round was committed after this one was made. Start a new "
               "dry run for the places left.")
        )  # fmt: skip
    if runs.build_inputs(call, str(run.mechanism)).fingerprint != run.fingerprint:
        raise SelectionError(
            _l("The applications or their scores changed since this dry run (a new or withdrawn "
               "application, an interview, an adjustment, a review or a seat count). Start a "
               "new dry run and commit that one.")
        )  # fmt: skip


def stale_reason(run: AllocationRun, call: Call) -> str | None:
    """Why this dry run cannot be committed now (None when it can, or is no dry run)."""
    if run.state != RunState.DRY:
        return None
    try:
        check_committable(run, call)
    except SelectionError as error:
        return str(error)
    return None


def commit_run(run: AllocationRun, *, actor) -> dict[str, int]:
    """Apply the stored result. Returns counts per outcome.

    Side effects: each application moves (audited, silent until release) to SELECTED with its
    outcome program and a held seat, to WAITLISTED with its waiting-list entries, or to
    NOT_SELECTED; the waiting-list entries of the round's applications are replaced; the run
    becomes committed (audited with its numbers); flushes. SeatsFull from the seat counter
    becomes a SelectionError.
    """
    call = _lock(run)
    check_committable(run, call)
    result = result_from_dict(run.result)
    ids = list(result.placements)
    applications = {
        a.id: a
        for a in db.session.scalars(
            select(Application).where(Application.id.in_(ids)).with_for_update(of=Application)
        ).unique()
    }
    positions: dict[int, list[tuple[int, int]]] = {}
    for program_id, waiting in result.waitlists.items():
        for position, application_id in enumerate(waiting, start=1):
            positions.setdefault(application_id, []).append((program_id, position))
    for application_id, kept in _kept_places(run, ids, result).items():
        positions.setdefault(application_id, []).extend(kept)
    db.session.execute(delete(WaitlistEntry).where(WaitlistEntry.application_id.in_(ids)))
    note = str(_l("Selection run #%(id)s (round %(round)s)", id=run.id, round=run.round))
    counts = {"selected": 0, "waitlisted": 0, "not_selected": 0}
    for application_id in result.order:
        application = applications[application_id]
        program_id = result.placements[application_id]
        if program_id is not None:
            application.outcome_program_id = program_id
            try:
                hold_seat(program_id)
            except SeatsFull as error:
                raise SelectionError(str(error)) from None
            _move(application, S.SELECTED, actor, note)
            counts["selected"] += 1
            continue
        application.outcome_program_id = None
        waiting = positions.get(application_id, [])
        for waitlist_program, position in waiting:
            db.session.add(WaitlistEntry(program_id=waitlist_program, position=position,
                                         application_id=application_id, run_id=run.id))  # fmt: skip
        _move(application, S.WAITLISTED if waiting else S.NOT_SELECTED, actor, note)
        counts["waitlisted" if waiting else "not_selected"] += 1
    run.committed_by_id = actor.id
    run.committed_at = utcnow()
    run_workflow.transition(run, RunState.COMMITTED, actor=actor,
                            note=", ".join(f"{k} {v}" for k, v in counts.items()))  # fmt: skip
    audit.record("selection_run.commit", run, actor=actor, after=counts | {"round": run.round})
    db.session.flush()
    return counts


def _kept_places(run, ids, result) -> dict[int, list[tuple[int, int]]]:
    """In a later round, a program without a free seat has no waiting list in the engine's
    result (nobody can be placed there now), yet a seat held there may still be given back:
    its earlier waiting list stays, in its order, without those placed in this round."""
    if run.round == 1:
        return {}
    full = [p["id"] for p in run.inputs["engine"]["programs"] if p["seats"] == 0]
    rows = db.session.execute(
        select(WaitlistEntry.program_id, WaitlistEntry.application_id)
        .where(WaitlistEntry.program_id.in_(full), WaitlistEntry.application_id.in_(ids))
        .order_by(WaitlistEntry.program_id, WaitlistEntry.position)
    ).all()
    kept: dict[int, list[tuple[int, int]]] = {}
    position: dict[int, int] = {}
    for program_id, application_id in rows:
        if result.placements.get(application_id) is not None:
            continue
        position[program_id] = position.get(program_id, 0) + 1
        kept.setdefault(application_id, []).append((program_id, position[program_id]))
    return kept


def _move(application, target, actor, note) -> None:
    if application.state != target:
        change_application_state(application, target, actor=actor, note=note)
