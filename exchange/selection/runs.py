"""Allocation runs: gather a call's inputs, run the engine (in the background for big calls),
keep what it needs to be reproduced, and compare a dry run with the data as it is now.

Rounds: round 1 allocates the call's submitted and under-review applications over every
program's seats. After n committed rounds, round n+1 allocates the applications still
waitlisted or not selected over the seats still free (seats minus seats held), so places
freed before the release can be filled again; its commit only touches those applications.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import defer, joinedload

from exchange import audit
from exchange.applications.seats import seats_left
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.selection import scoring
from exchange.selection.engine import (
    Applicant,
    EngineError,
    Mechanism,
    ProgramSeats,
    TieRule,
    allocate,
    inputs_from_dict,
    inputs_to_dict,
    result_to_dict,
)
from exchange.selection.models import AllocationRun
from exchange.selection.services import SelectionError
from exchange.selection.states import MechanismLabel, RunState, TieRuleLabel, run_workflow

log = logging.getLogger(__name__)
S = ApplicationState
SEED_MAX = 2**63 - 1
# Applications a later round allocates again.
LEFT_OVER = (S.WAITLISTED, S.NOT_SELECTED)


@dataclass
class Inputs:
    round: int
    applicants: list[Applicant]
    programs: list[ProgramSeats]
    scored: list[scoring.ScoredApplication]

    @property
    def engine(self) -> dict:
        return inputs_to_dict(self.applicants, self.programs)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.engine)


def fingerprint(engine_inputs: dict) -> str:
    text = json.dumps(engine_inputs, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def committed_rounds(call_id: int) -> int:
    return db.session.scalar(
        select(func.count(AllocationRun.id)).where(
            AllocationRun.call_id == call_id, AllocationRun.state == RunState.COMMITTED
        )
    )


def build_inputs(call, mechanism) -> Inputs:
    """The engine's inputs for the call's next round, as the data stands now."""
    mechanism = Mechanism(mechanism)
    round_ = committed_rounds(call.id) + 1
    scored = scoring.score_call(call, scoring.RANKABLE if round_ == 1 else LEFT_OVER)
    applicants = [
        Applicant(
            id=row.application.id,
            score=float(row.score),
            choices=row.choices,
            eligible=row.eligible,
            submitted_at=row.application.submitted_at.timestamp(),
        )
        for row in scored
    ]
    programs = []
    for program in sorted(call.programs, key=lambda p: p.id):
        seats = program.seats if round_ == 1 else seats_left(program)
        priority = None
        if mechanism is Mechanism.DEFERRED_ACCEPTANCE:
            priority = {
                row.application.id: float(row.program_scores[program.id])
                for row in scored
                if program.id in row.program_scores
            }
        programs.append(ProgramSeats(id=program.id, seats=seats, priority=priority))
    return Inputs(round=round_, applicants=applicants, programs=programs, scored=scored)


def _display(inputs: Inputs, call) -> dict:
    """What the result page shows beside the engine's facts, frozen with the run."""
    rows = {}
    for row in inputs.scored:
        parts = row.components
        rows[str(row.application.id)] = {
            "student": row.application.student.full_name,
            "score": str(row.score),
            "gpa": None if parts.gpa is None else str(parts.gpa),
            "language": parts.language_level,
            "review": None if parts.review_mean is None else str(parts.review_mean),
            "reviews": [parts.reviews_submitted, parts.reviews_assigned],
            "interview": None if parts.interview is None else str(parts.interview),
            "bonus": str(parts.bonus),
            "adjustment": str(parts.adjustment),
            "flags": list(row.flags),
        }
    programs = {str(p.id): {"title": p.title, "partner": p.partnership.partner.name}
                for p in call.programs}  # fmt: skip
    return {"applications": rows, "programs": programs}


def parse_seed(value) -> int:
    if value is None or str(value).strip() == "":
        return secrets.randbelow(10**9)
    text = str(value).strip()
    if not text.isdigit() or int(text) > SEED_MAX:
        raise SelectionError(
            _l("Enter the seed as a whole number of zero or more, or leave it empty."), "seed"
        )
    return int(text)


def start_run(call, *, mechanism, tie_rule, seed=None, actor) -> AllocationRun:
    """A new dry run in state running: inputs frozen, seed drawn (or the one given).

    Side effects: the run row and a `selection_run.start` audit record; flushes. The caller
    commits and then calls `launch(run.id)`.
    """
    try:
        mechanism = Mechanism(mechanism)
    except ValueError:
        raise SelectionError(_l("Choose a mechanism from the list."), "mechanism") from None
    try:
        tie_rule = TieRule(tie_rule)
    except ValueError:
        raise SelectionError(_l("Choose how equal scores are ordered."), "tie_rule") from None
    seed = parse_seed(seed)
    inputs = build_inputs(call, mechanism)
    if not inputs.applicants:
        message = (
            _l("No submitted application is waiting for a decision in this call.")
            if inputs.round == 1
            else _l("No application is waitlisted or not selected: nothing is left to allocate.")
        )
        raise SelectionError(message, "mechanism")
    engine = inputs.engine
    run = AllocationRun(
        call_id=call.id,
        round=inputs.round,
        mechanism=MechanismLabel(mechanism.value),
        tie_rule=TieRuleLabel(tie_rule.value),
        seed=seed,
        state=RunState.RUNNING,
        inputs={"engine": engine, "display": _display(inputs, call)},
        fingerprint=fingerprint(engine),
        progress=0,
        created_by_id=actor.id,
    )
    db.session.add(run)
    db.session.flush()
    audit.record("selection_run.start", run, actor=actor,
                 after={"call_id": call.id, "round": run.round, "mechanism": mechanism.value,
                        "tie_rule": tie_rule.value, "seed": seed,
                        "applicants": len(inputs.applicants)})  # fmt: skip
    db.session.flush()
    return run


def launch(run_id: int) -> None:
    """Run the engine: inline when SELECTION_RUNS_INLINE (default in testing), else in a
    background thread with its own app context and database session."""
    app = current_app._get_current_object()
    if app.config.get("SELECTION_RUNS_INLINE", app.testing):
        execute(run_id, report=False)
        return

    def work():
        with app.app_context():
            try:
                execute(run_id, report=True)
            finally:
                db.session.remove()

    threading.Thread(target=work, name=f"selection-run-{run_id}", daemon=True).start()


def _engine_call(run: AllocationRun, progress=None):
    applicants, programs = inputs_from_dict(run.inputs["engine"])
    return allocate(
        applicants, programs, mechanism=Mechanism(str(run.mechanism)), seed=run.seed,
        tie_rule=TieRule(str(run.tie_rule)), progress=progress,
    )  # fmt: skip


def execute(run_id: int, *, report: bool) -> None:
    """Allocate a running run and store its result (dry) or its error (failed); commits."""
    run = db.session.get(AllocationRun, run_id)
    if run is None or run.state != RunState.RUNNING:
        return
    actor = run.created_by

    def progress(fraction: float) -> None:
        db.session.execute(
            update(AllocationRun)
            .where(AllocationRun.id == run_id)
            .values(progress=min(int(fraction * 100), 99))
        )
        db.session.commit()

    try:
        result = _engine_call(run, progress if report else None)
    except (EngineError, ValueError, KeyError, TypeError) as error:
        db.session.rollback()
        run = db.session.get(AllocationRun, run_id)
        run.error = str(error) or error.__class__.__name__
        run_workflow.transition(run, RunState.FAILED, actor=actor, note=run.error)
        db.session.commit()
        log.warning("Selection run %s failed: %s", run_id, error)
        return
    run = db.session.get(AllocationRun, run_id)
    db.session.refresh(run)
    stats = result.stats
    run.result = result_to_dict(result)
    run.placed, run.unplaced = stats.placed, stats.unplaced
    run.first_choice_rate = round(stats.first_choice_rate, 4)
    run.progress = 100
    run_workflow.transition(run, RunState.DRY, actor=actor,
                            note=f"placed {stats.placed}, unplaced {stats.unplaced}")  # fmt: skip
    db.session.commit()


def reproduce(run: AllocationRun) -> dict:
    """The result of running the stored inputs again, in the stored (JSON) form."""
    result = _engine_call(run)
    return json.loads(json.dumps(result_to_dict(result)))


def is_fresh(run: AllocationRun) -> bool:
    """The inputs the run used are still the inputs of the call's next round."""
    inputs = build_inputs(run.call, str(run.mechanism))
    return inputs.round == run.round and inputs.fingerprint == run.fingerprint


def discard_run(run: AllocationRun, *, actor) -> None:
    """Set a dry or failed run aside; it stays in the list, marked discarded."""
    run_workflow.transition(run, RunState.DISCARDED, actor=actor)


def runs_of(call_id: int, *, with_result: bool = False) -> list[AllocationRun]:
    """The call's runs, newest first; their inputs (and results) stay unloaded unless asked."""
    options = [joinedload(AllocationRun.created_by), defer(AllocationRun.inputs)]
    if not with_result:
        options.append(defer(AllocationRun.result))
    return list(
        db.session.scalars(
            select(AllocationRun)
            .options(*options)
            .where(AllocationRun.call_id == call_id)
            .order_by(AllocationRun.id.desc())
        )
    )
