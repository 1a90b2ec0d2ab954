"""Dry runs: inputs frozen, result stored with its numbers, reproduction, progress, failure."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.selection import runs, services
from exchange.selection.models import AllocationRun
from exchange.selection.services import SelectionError
from exchange.selection.states import RunState
from tests.selection.helpers import dry_run, small_call


@pytest.fixture
def world():
    return small_call()


def test_dry_run_stores_result_numbers_and_audit(world):
    run = dry_run(world)
    a = world["apps"]
    p1, p2, _p3 = world["programs"]

    assert run.state == RunState.DRY
    assert run.progress == 100
    assert run.round == 1
    placements = run.result["placements"]
    assert placements == {str(a["A"].id): p1.id, str(a["B"].id): p2.id, str(a["C"].id): None,
                          str(a["D"].id): None, str(a["E"].id): None}  # fmt: skip
    assert (run.placed, run.unplaced) == (2, 3)
    assert float(run.first_choice_rate) == pytest.approx(0.2)
    assert run.inputs["display"]["applications"][str(a["A"].id)]["score"] == "80.00"
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "selection_runs")
    ).all()
    assert actions == ["selection_run.start", "selection_run.dry"]


@pytest.mark.parametrize("mechanism", ["serial_dictatorship", "deferred_acceptance", "lottery"])
@pytest.mark.parametrize("tie_rule", ["lottery", "earlier_submission"])
def test_committed_run_reproduces_exactly_from_what_it_stored(world, mechanism, tie_rule):
    from exchange.selection.commit import commit_run

    run = dry_run(world, mechanism=mechanism, tie_rule=tie_rule, seed=123456789)
    commit_run(run, actor=world["actor"])
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(AllocationRun, run.id)

    assert stored.state == RunState.COMMITTED
    assert runs.reproduce(stored) == stored.result


def test_seed_is_drawn_when_empty_and_refused_when_not_a_number(world):
    run = runs.start_run(world["call"], mechanism="lottery", tie_rule="lottery", seed="",
                         actor=world["actor"])  # fmt: skip
    assert 0 <= run.seed < 10**9
    with pytest.raises(SelectionError) as error:
        runs.start_run(world["call"], mechanism="lottery", tie_rule="lottery", seed="-3",
                       actor=world["actor"])  # fmt: skip
    assert error.value.field == "seed"
    with pytest.raises(SelectionError) as error:
        runs.start_run(world["call"], mechanism="best", tie_rule="lottery", actor=world["actor"])
    assert error.value.field == "mechanism"


def test_same_seed_same_result_different_runs(world):
    first = dry_run(world, mechanism="lottery", seed=42)
    second = dry_run(world, mechanism="lottery", seed=42)
    assert first.result == second.result


def test_a_call_without_applications_cannot_run():
    from tests import factories as f
    from tests.selection import factories as sf

    call, _ = sf.selection_call(programs=1)
    with pytest.raises(SelectionError, match="No submitted application"):
        runs.start_run(call, mechanism="lottery", tie_rule="lottery", actor=f.coordinator())


def test_deferred_acceptance_gives_each_destination_its_own_priorities(world):
    p1, p2, _ = world["programs"]
    p2.weight_gpa, p2.weight_language = 10, 90
    db.session.commit()
    inputs = runs.build_inputs(world["call"], "deferred_acceptance")
    by_id = {p.id: p for p in inputs.programs}
    d = world["apps"]["D"].id
    # D: GPA 2.00 -> 50 points, B2 -> 60: P2 ranks D at (10*50 + 90*60) / 100 = 59.
    assert by_id[p2.id].priority[d] == 59.0
    assert d not in by_id[p1.id].priority
    serial = runs.build_inputs(world["call"], "serial_dictatorship")
    assert all(p.priority is None for p in serial.programs)


def test_fingerprint_changes_with_a_score(world):
    run = dry_run(world)
    assert runs.is_fresh(run)
    services.record_interview(world["apps"]["C"], "50", actor=world["actor"])
    services.adjust_score(world["apps"]["C"], "1", "Tie-break interview", actor=world["actor"])
    db.session.commit()
    assert not runs.is_fresh(run)


def test_engine_failure_marks_the_run_failed_with_its_error(world):
    run = runs.start_run(world["call"], mechanism="lottery", tie_rule="lottery", seed=1,
                         actor=world["actor"])  # fmt: skip
    broken = dict(run.inputs)
    broken["engine"] = dict(broken["engine"], programs=[])  # choices now name unknown programs
    run.inputs = broken
    db.session.commit()

    runs.launch(run.id)
    db.session.expire_all()
    run = db.session.get(AllocationRun, run.id)

    assert run.state == RunState.FAILED
    assert "not among the programs" in run.error


def test_background_run_reports_progress_and_finishes(app, world):
    app.config["SELECTION_RUNS_INLINE"] = False
    try:
        run = runs.start_run(world["call"], mechanism="deferred_acceptance",
                             tie_rule="lottery", seed=5, actor=world["actor"])  # fmt: skip
        db.session.commit()
        runs.launch(run.id)
        for _ in range(600):  # up to 30 s on a busy machine
            db.session.rollback()  # end the read, so the worker's writes are never blocked
            state = db.session.scalar(select(AllocationRun.state).where(AllocationRun.id == run.id))
            if state != RunState.RUNNING:
                break
            time.sleep(0.05)
    finally:
        app.config.pop("SELECTION_RUNS_INLINE")
    run = db.session.get(AllocationRun, run.id)
    assert run.state == RunState.DRY
    assert run.progress == 100
    assert runs.reproduce(run) == run.result


def test_discarded_run_stays_listed(world):
    run = dry_run(world)
    runs.discard_run(run, actor=world["actor"])
    db.session.commit()
    assert [r.state for r in runs.runs_of(world["call"].id)] == [RunState.DISCARDED]
