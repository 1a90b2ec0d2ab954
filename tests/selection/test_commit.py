"""Committing a dry run: states through the state machine, seats held, waiting lists,
audit, stale and second-commit refusals, and a second round over the places left."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from exchange.applications.models import Application
from exchange.applications.transitions import change_application_state
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs.models import Program
from exchange.selection import results, services
from exchange.selection.commit import commit_run
from exchange.selection.models import AllocationRun, WaitlistEntry
from exchange.selection.services import SelectionError
from exchange.selection.states import RunState
from tests.selection.helpers import dry_run, small_call


@pytest.fixture
def world():
    return small_call()


def _states(world):
    db.session.expire_all()
    return {k: db.session.get(Application, a.id).state.value for k, a in world["apps"].items()}


def _held(world):
    db.session.expire_all()
    return [db.session.get(Program, p.id).seats_held for p in world["programs"]]


def test_commit_moves_each_application_and_holds_seats(world, mailbox):
    run = dry_run(world)
    counts = commit_run(run, actor=world["actor"])
    db.session.commit()
    p1, p2, _p3 = world["programs"]
    a = world["apps"]

    assert counts == {"selected": 2, "waitlisted": 2, "not_selected": 1}
    assert _states(world) == {"A": "selected", "B": "selected", "C": "waitlisted",
                              "D": "waitlisted", "E": "not_selected"}  # fmt: skip
    assert db.session.get(Application, a["A"].id).outcome_program_id == p1.id
    assert db.session.get(Application, a["B"].id).outcome_program_id == p2.id
    assert _held(world) == [1, 1, 0]
    entries = db.session.execute(
        select(WaitlistEntry.program_id, WaitlistEntry.application_id, WaitlistEntry.position,
               WaitlistEntry.run_id).order_by(WaitlistEntry.program_id)
    ).all()  # fmt: skip
    assert [tuple(e) for e in entries] == [(p1.id, a["C"].id, 1, run.id),
                                           (p2.id, a["D"].id, 1, run.id)]  # fmt: skip
    moves = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "applications")
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    assert sorted(moves) == sorted(["application.selected"] * 2 + ["application.waitlisted"] * 2
                                   + ["application.not_selected"])  # fmt: skip
    stored = db.session.get(AllocationRun, run.id)
    assert stored.state == RunState.COMMITTED
    assert stored.committed_by_id == world["actor"].id and stored.committed_at is not None
    # Decisions stay silent until the release.
    assert all(mailbox.to(x.student.email) == [] for x in a.values())


def test_explanation_for_reads_the_committed_run_with_program_titles(world):
    a = world["apps"]
    assert results.explanation_for(a["C"]) is None
    commit_run(dry_run(world), actor=world["actor"])
    db.session.commit()

    text = results.explanation_for(db.session.get(Application, a["C"].id))

    assert text.startswith("You ranked 3rd of 5 (score 70.00).")
    assert "Destination 1" in text and "position 1" in text
    placed = results.explanation_for(db.session.get(Application, a["A"].id))
    assert "You were placed in your 1st choice, Destination 1." in placed


def test_stale_run_is_refused_and_changes_nothing(world):
    run = dry_run(world)
    services.adjust_score(world["apps"]["E"], "15", "Grade appeal upheld", actor=world["actor"])
    db.session.commit()

    with pytest.raises(SelectionError, match="changed since this dry run"):
        commit_run(run, actor=world["actor"])
    db.session.rollback()

    assert set(_states(world).values()) == {"submitted"}
    assert db.session.get(AllocationRun, run.id).state == RunState.DRY
    assert _held(world) == [0, 0, 0]


def test_a_change_that_moves_no_score_keeps_the_run_fresh(world):
    run = dry_run(world)
    # Interviews weigh 0% in this call: recording one changes no input of the engine.
    services.record_interview(world["apps"]["E"], "40", actor=world["actor"])
    db.session.commit()
    assert commit_run(run, actor=world["actor"])["selected"] == 2


def test_withdrawn_application_makes_the_run_stale(world):
    run = dry_run(world)
    change_application_state(world["apps"]["D"], "cancelled", actor=world["actor"])
    db.session.commit()
    with pytest.raises(SelectionError, match="changed since this dry run"):
        commit_run(run, actor=world["actor"])


def test_only_one_run_per_round_is_committed(world):
    first, second = dry_run(world, seed=1), dry_run(world, seed=2)
    commit_run(first, actor=world["actor"])
    db.session.commit()

    with pytest.raises(SelectionError, match="Another run of this round was committed"):
        commit_run(second, actor=world["actor"])
    db.session.rollback()
    with pytest.raises(SelectionError, match="Only a dry run"):
        commit_run(db.session.get(AllocationRun, first.id), actor=world["actor"])


def test_database_keeps_one_committed_run_per_call_and_round(world):
    first, second = dry_run(world, seed=1), dry_run(world, seed=2)
    from exchange.db import utcnow

    for run in (first, second):
        run.state, run.committed_at = RunState.COMMITTED, utcnow()
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_released_call_cannot_commit(world):
    from exchange.db import utcnow

    run = dry_run(world)
    world["call"].results_released_at = utcnow()
    db.session.commit()
    with pytest.raises(SelectionError, match="released"):
        commit_run(run, actor=world["actor"])


def test_second_round_fills_a_freed_seat_and_touches_only_left_over(world):
    a = world["apps"]
    commit_run(dry_run(world), actor=world["actor"])
    db.session.commit()
    # A gives the seat of Destination 1 back before the release.
    change_application_state(db.session.get(Application, a["A"].id), "cancelled",
                             actor=world["actor"])  # fmt: skip
    db.session.commit()
    assert _held(world) == [0, 1, 0]

    second = dry_run(world)
    assert second.round == 2
    assert set(second.result["placements"]) == {str(a[k].id) for k in "CDE"}
    commit_run(second, actor=world["actor"])
    db.session.commit()

    assert _states(world) == {"A": "cancelled", "B": "selected", "C": "selected",
                              "D": "waitlisted", "E": "not_selected"}  # fmt: skip
    assert _held(world) == [1, 1, 0]
    remaining = db.session.execute(
        select(WaitlistEntry.application_id, WaitlistEntry.run_id)
    ).all()  # fmt: skip
    assert [tuple(r) for r in remaining] == [(a["D"].id, second.id)]
    assert "Destination 1" in results.explanation_for(db.session.get(Application, a["C"].id))
    # Destination 2 had no free seat in round 2: D keeps the place from round 1.
    assert results.explanation_for(db.session.get(Application, a["D"].id)).endswith(
        "You stay on the waitlist for Destination 2 (position 1) from an earlier round."
    )
