"""Interview scores, adjustments and rules: checks, audit rows, nothing saved on an error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.selection import services
from exchange.selection.models import ApplicationScore, ScoreFlag, ScoreRule
from exchange.selection.services import SelectionError
from tests import factories as f
from tests.selection import factories as sf


@pytest.fixture
def world():
    call, (program,) = sf.selection_call(programs=1)
    return {"call": call, "application": sf.applicant(call, [program]), "actor": f.coordinator()}


def _audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_interview_is_recorded_and_audited(world):
    services.record_interview(world["application"], "87.5", actor=world["actor"])
    db.session.commit()

    row = db.session.scalar(select(ApplicationScore))
    assert row.interview_score == Decimal("87.50")
    (event,) = _audit("selection.interview")
    assert (event.before, event.after) == ({"interview_score": None}, {"interview_score": "87.50"})
    assert event.actor_id == world["actor"].id


@pytest.mark.parametrize("value", ["101", "-1", "abc", "NaN", "12.345"])
def test_interview_out_of_range_is_refused(world, value):
    with pytest.raises(SelectionError) as error:
        services.record_interview(world["application"], value, actor=world["actor"])
    assert error.value.field == "interview_score"


def test_adjustment_needs_a_reason(world):
    with pytest.raises(SelectionError) as error:
        services.adjust_score(world["application"], "5", "  ", actor=world["actor"])
    assert error.value.field == "reason"


def test_adjustment_is_audited_with_before_after_and_reason(world):
    services.adjust_score(world["application"], "5", "Missing grade added", actor=world["actor"])
    services.adjust_score(world["application"], "-2", "Late correction", actor=world["actor"])
    db.session.commit()

    events = _audit("selection.adjust")
    assert [(e.before, e.after, e.note) for e in events] == [
        ({"adjustment": "0.00", "reason": None},
         {"adjustment": "5.00", "reason": "Missing grade added"}, "Missing grade added"),
        ({"adjustment": "5.00", "reason": "Missing grade added"},
         {"adjustment": "-2.00", "reason": "Late correction"}, "Late correction"),
    ]  # fmt: skip


def test_database_refuses_an_adjustment_without_reason(world):
    from sqlalchemy.exc import IntegrityError

    db.session.add(ApplicationScore(application_id=world["application"].id,
                                    adjustment=Decimal(3)))  # fmt: skip
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_rules_are_added_checked_and_removed_with_their_flags(world):
    call, actor = world["call"], world["actor"]
    with pytest.raises(SelectionError) as error:
        services.add_rule(call, kind="manual", label="Nothing", points="0", actor=actor)
    assert error.value.field == "points"
    rule = services.add_rule(call, kind="manual", label="Hardship", points="5", actor=actor)
    with pytest.raises(SelectionError) as error:
        services.add_rule(call, kind="manual", label="Hardship", points="3", actor=actor)
    assert error.value.field == "label"
    services.set_flag(world["application"], rule, True, actor=actor)
    db.session.commit()
    assert db.session.scalar(select(ScoreFlag.rule_id)) == rule.id

    services.remove_rule(rule, actor=actor)
    db.session.commit()

    assert db.session.scalars(select(ScoreRule)).all() == []
    assert db.session.scalars(select(ScoreFlag)).all() == []
    assert [e.action for e in _audit("selection.rule_remove")] == ["selection.rule_remove"]
