"""Results of committed runs for other parts of the app (the student's result page).

Only the engine's facts (rank, score, choices, cut-offs, waiting-list places) and program
titles go into the words: never reviewer names, review scores per reviewer or comments.
"""

from __future__ import annotations

from sqlalchemy import select

from exchange.extensions import db
from exchange.programs.models import Program
from exchange.selection.engine import result_from_dict
from exchange.selection.models import AllocationRun, WaitlistEntry
from exchange.selection.states import RunState


def latest_committed_run_for(application) -> AllocationRun | None:
    """The latest committed run of the application's call that allocated this application."""
    key = str(application.id)
    candidates = db.session.scalars(
        select(AllocationRun)
        .where(
            AllocationRun.call_id == application.call_id,
            AllocationRun.state == RunState.COMMITTED,
        )
        .order_by(AllocationRun.round.desc())
    )
    for run in candidates:
        if key in (run.result or {}).get("explanations", {}):
            return run
    return None


def program_names(program_ids) -> dict[int, str]:
    ids = set(program_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Program.id, Program.title).where(Program.id.in_(ids)))
    return {pid: title for pid, title in rows}


def explanation_for(application) -> str | None:
    """The plain-words explanation of the application's result from the latest committed run
    of its call that allocated it (program titles included); None when there is none."""
    run = latest_committed_run_for(application)
    if run is None:
        return None
    explanation = result_from_dict(run.result).explanations.get(application.id)
    if explanation is None:
        return None
    ids = {p.program for p in explanation.passed_over}
    ids |= {pid for pid, _position in explanation.waitlisted_on}
    if explanation.program is not None:
        ids.add(explanation.program)
    kept = _kept_places(application.id, explanation)
    ids |= {pid for pid, _position in kept}
    names = program_names(ids)
    text = explanation.text(names)
    if kept:
        places = ", ".join(f"{names.get(pid, pid)} (position {pos})" for pid, pos in kept)
        text += f" You stay on the waitlist for {places} from an earlier round."
    return text


def _kept_places(application_id: int, explanation) -> list[tuple[int, int]]:
    """Waiting-list places kept from an earlier round (see commit._kept_places)."""
    named = {pid for pid, _position in explanation.waitlisted_on}
    rows = db.session.execute(
        select(WaitlistEntry.program_id, WaitlistEntry.position)
        .where(WaitlistEntry.application_id == application_id)
        .order_by(WaitlistEntry.program_id)
    ).all()
    return [(pid, pos) for pid, pos in rows if pid not in named]
