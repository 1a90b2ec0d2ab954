"""The application state machine: every from -> to pair, the named groups, the words the
student reads, and the database CHECKs that tie a state to its data."""

from datetime import date
from itertools import product

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from exchange.applications.states import (
    ACTIVE,
    DECISIONS,
    EDITABLE,
    FINAL,
    HOLDING_SEAT,
    TRANSITIONS,
    WITHDRAWABLE,
    application_workflow,
    state_for_student,
)
from exchange.applications.states import ApplicationState as S
from exchange.audit import AuditEvent
from exchange.db import utcnow
from exchange.extensions import db
from tests import factories as f
from tests.workflow_checks import moved, refused

ALLOWED = {
    (S.DRAFT, S.SUBMITTED), (S.DRAFT, S.WITHDRAWN), (S.DRAFT, S.CANCELLED),
    (S.SUBMITTED, S.DRAFT), (S.SUBMITTED, S.UNDER_REVIEW), (S.SUBMITTED, S.SELECTED),
    (S.SUBMITTED, S.WAITLISTED), (S.SUBMITTED, S.NOT_SELECTED), (S.SUBMITTED, S.WITHDRAWN),
    (S.SUBMITTED, S.CANCELLED),
    (S.UNDER_REVIEW, S.SELECTED), (S.UNDER_REVIEW, S.WAITLISTED),
    (S.UNDER_REVIEW, S.NOT_SELECTED), (S.UNDER_REVIEW, S.WITHDRAWN),
    (S.UNDER_REVIEW, S.CANCELLED),
    (S.SELECTED, S.OFFERED), (S.SELECTED, S.WAITLISTED), (S.SELECTED, S.NOT_SELECTED),
    (S.SELECTED, S.UNDER_REVIEW), (S.SELECTED, S.WITHDRAWN), (S.SELECTED, S.CANCELLED),
    (S.WAITLISTED, S.SELECTED), (S.WAITLISTED, S.OFFERED), (S.WAITLISTED, S.NOT_SELECTED),
    (S.WAITLISTED, S.UNDER_REVIEW), (S.WAITLISTED, S.WITHDRAWN), (S.WAITLISTED, S.CANCELLED),
    (S.NOT_SELECTED, S.SELECTED), (S.NOT_SELECTED, S.OFFERED), (S.NOT_SELECTED, S.WAITLISTED),
    (S.NOT_SELECTED, S.UNDER_REVIEW), (S.NOT_SELECTED, S.WITHDRAWN),
    (S.NOT_SELECTED, S.CANCELLED),
    (S.OFFERED, S.ACCEPTED), (S.OFFERED, S.DECLINED), (S.OFFERED, S.EXPIRED),
    (S.OFFERED, S.WITHDRAWN), (S.OFFERED, S.CANCELLED),
    (S.ACCEPTED, S.PLACED), (S.ACCEPTED, S.WITHDRAWN), (S.ACCEPTED, S.CANCELLED),
    # Issue 6: a placement whose nomination the partner rejected is offered another
    # destination (exchange/placements/decisions.py; policy.returned_by_partner).
    (S.PLACED, S.OFFERED), (S.PLACED, S.WITHDRAWN), (S.PLACED, S.CANCELLED),
}  # fmt: skip


def _satisfy(application, target):
    """The data each target state needs (the services set it; the CHECKs demand it)."""
    if target == S.DRAFT:
        application.submitted_at = None
    elif target not in (S.WITHDRAWN, S.CANCELLED) and application.submitted_at is None:
        application.submitted_at = utcnow()
    if target == S.WITHDRAWN:
        application.withdrawn_at = utcnow()
    # A seat is held in some program: the move counts it against that program's seats.
    if target in HOLDING_SEAT and application.outcome_program_id is None:
        application.outcome_program_id = f.program(call=application.call).id


def test_transition_table_is_the_documented_one():
    table = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == ALLOWED


@pytest.mark.parametrize(("current", "target"), list(product(S, S)))
def test_application_transition_follows_the_table(current, target):
    actor = f.coordinator()
    application = f.application(state=current)
    assert application.state == current  # loaded, as services have it

    if (current, target) in ALLOWED:
        _satisfy(application, target)
        event = moved(application_workflow, application, target, actor=actor, note="why")
        assert (event.action, event.object_id, event.before, event.after, event.note) == (
            f"application.{target.value}",
            application.id,
            {"state": current.value},
            {"state": target.value},
            "why",
        )
        assert event.actor_id == actor.id
    else:
        refused(application_workflow, application, current, target, actor=actor)


def test_named_groups_partition_the_states():
    assert {S.WITHDRAWN, S.CANCELLED, S.DECLINED, S.EXPIRED} == FINAL
    assert {S.DRAFT} == EDITABLE
    assert set(S) - FINAL == WITHDRAWABLE
    assert WITHDRAWABLE - {S.DRAFT} == ACTIVE
    assert S.PLACED in WITHDRAWABLE  # withdrawing a placement frees its seat


@pytest.mark.parametrize("state", list(S))
def test_every_state_explains_itself_and_the_next_step(state):
    assert state.label
    assert state.badge
    assert state.explanation.strip()
    step = state.next_step_before(date(2027, 3, 1))
    assert step.strip()
    assert "%(" not in step


def test_draft_next_step_names_the_deadline():
    assert S.DRAFT.explanation == "Draft — only you can see it."
    assert "2027-03-01" in S.DRAFT.next_step_before(date(2027, 3, 1))
    assert "the deadline" in S.DRAFT.next_step


@pytest.mark.parametrize("state", list(S))
def test_unreleased_decisions_read_as_under_review(state):
    hidden = state_for_student(state, released=False)
    shown = state_for_student(state, released=True)
    assert hidden == (S.UNDER_REVIEW if state in DECISIONS else state)
    assert shown == state


def _insert(**values):
    student, call = f.student(), f.call()
    row = {"student_id": student.id, "call_id": call.id, "state": "draft", "version": 1,
           "has_language_certificate": False} | values  # fmt: skip
    columns = ", ".join(row)
    params = ", ".join(f":{k}" for k in row)
    db.session.execute(text(f"INSERT INTO applications ({columns}) VALUES ({params})"), row)
    db.session.flush()


@pytest.mark.parametrize(
    "values",
    [
        {"state": "approved"},  # not a state
        {"state": "submitted"},  # submitted without a submission time
        {"state": "draft", "submitted_at": utcnow()},  # a draft is not submitted
        {"state": "withdrawn"},  # withdrawn without its time
        {"state": "draft", "withdrawn_at": utcnow()},
        {"state": "draft", "withdraw_reason": "moving"},
        {"state": "draft", "language_level": "D1"},
        {"state": "draft", "version": 0},
    ],
)
def test_database_refuses_state_without_its_data(values):
    with pytest.raises(IntegrityError):
        _insert(**values)
    db.session.rollback()


def test_database_accepts_state_with_its_data():
    _insert(state="withdrawn", withdrawn_at=utcnow(), withdraw_reason="moving")
    _insert(state="submitted", submitted_at=utcnow())
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM applications")) == 2


SERVICE_MOVES = {S.SUBMITTED, S.DRAFT, S.WITHDRAWN}  # their own services, tested there


@pytest.mark.parametrize(
    ("current", "target"),
    sorted((a, b) for a, b in ALLOWED if b not in SERVICE_MOVES),
)
def test_change_application_state_audits_and_notifies_the_student(current, target):
    from exchange.applications.transitions import change_application_state
    from exchange.notifications.models import OutboxMessage
    from exchange.notifications.notices import Notice

    actor = f.coordinator()
    application = f.application(state=current)
    assert application.state == current
    _satisfy(application, target)

    change_application_state(application, target, actor=actor, note="Seats confirmed.")
    db.session.commit()

    assert application.state == target
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == [f"application.{target.value}"]
    notices = db.session.scalars(select(Notice)).all()
    mails = db.session.scalars(select(OutboxMessage)).all()
    if target in DECISIONS:  # unreleased: the student hears nothing yet
        assert (notices, mails) == ([], [])
    else:
        assert [(n.recipient_id, n.kind) for n in notices] == [
            (application.student_id, "application.state")
        ]
        assert [m.recipient for m in mails] == [application.student.email]
        assert target.explanation in mails[0].body
        assert "Seats confirmed." in mails[0].body


@pytest.mark.parametrize("target", sorted(SERVICE_MOVES))
def test_change_application_state_leaves_service_moves_to_their_services(target):
    from exchange.applications.transitions import change_application_state

    application = f.application(state=S.SUBMITTED)

    with pytest.raises(ValueError, match="service"):
        change_application_state(application, target, actor=f.coordinator())
