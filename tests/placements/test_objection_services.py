"""Lodging and answering objections: once, by the applicant, in the window; audited, notified."""

from datetime import date

import pytest
from sqlalchemy import func, select

from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.placements.objections.services import (
    Objection,
    ObjectionError,
    ObjectionState,
    answer_objection,
    lodge_objection,
)
from exchange.transactions import commit
from tests import factories as f
from tests.db_refusals import refused_by_database
from tests.placements.nomination_helpers import audit_actions, notices_of, released_on, result
from tests.placements.offer_helpers import held

S = ApplicationState
FRIDAY = date(2026, 5, 1)


def _objection(state=S.NOT_SELECTED, seats=(2,), **kw):
    call, programs = released_on(FRIDAY, seats=seats)
    application = result(programs[0], state)
    objection = lodge_objection(
        application,
        actor=application.student,
        reason="My C1 certificate was not counted.",
        today=FRIDAY,
    )
    db.session.commit()
    return objection, programs


def _count() -> int:
    return db.session.scalar(select(func.count(Objection.id)))


def test_lodge_audits_and_notifies_student_and_coordinators(mailbox):
    coordinator = f.coordinator()
    objection, _ = _objection()
    commit()  # delivers the queued mail
    student = objection.application.student
    assert objection.state == ObjectionState.LODGED
    assert audit_actions(objection) == ["objection.lodge"]
    assert notices_of(student) == ["objection.lodged"]
    assert notices_of(coordinator) == ["objection.lodged"]
    assert len(mailbox.to(student.email)) == 1
    assert "C1 certificate" in mailbox.to(coordinator.email)[0].get_content()


def test_second_objection_refused_and_nothing_saved():
    objection, _ = _objection()
    application = objection.application
    with pytest.raises(ObjectionError, match="only one is possible"):
        lodge_objection(application, actor=application.student, reason="Again.", today=FRIDAY)
    db.session.rollback()
    assert _count() == 1


def test_only_the_applicant_may_lodge():
    _, (program,) = released_on(FRIDAY)
    application = result(program)
    with pytest.raises(ObjectionError, match="Only the applicant"):
        lodge_objection(application, actor=f.student(), reason="Not mine.", today=FRIDAY)
    assert _count() == 0


def test_outside_the_window_refused():
    _, (program,) = released_on(FRIDAY)
    application = result(program)
    with pytest.raises(ObjectionError, match="closed on 2026-05-08"):
        lodge_objection(application, actor=application.student, reason="Late.",
                        today=date(2026, 5, 11))  # fmt: skip
    assert _count() == 0


def test_blank_reason_refused_beside_the_field():
    _, (program,) = released_on(FRIDAY)
    application = result(program)
    with pytest.raises(ObjectionError) as refused:
        lodge_objection(application, actor=application.student, reason="   ", today=FRIDAY)
    assert refused.value.field == "reason"


def test_reject_is_answered_once_audited_and_notified(mailbox):
    objection, _ = _objection()
    coordinator = f.coordinator()
    answer_objection(objection, actor=coordinator, upheld=False, answer="Checked: correct.")
    commit()
    student = objection.application.student
    assert objection.state == ObjectionState.REJECTED
    assert objection.answered_by_id == coordinator.id
    assert audit_actions(objection) == ["objection.lodge", "objection.rejected"]
    assert notices_of(student)[-1] == "objection.answered"
    assert (
        "rejected" in mailbox.to(student.email)[-1]["Subject"].lower()
        or "result stands" in mailbox.to(student.email)[-1].get_content()
    )
    with pytest.raises(ObjectionError, match="answered once"):
        answer_objection(objection, actor=coordinator, upheld=True, answer="Changed my mind.")
    db.session.rollback()
    assert db.session.get(Objection, objection.id).state == ObjectionState.REJECTED


def test_uphold_with_an_offer_takes_a_seat_and_offers():
    objection, (program,) = _objection(S.NOT_SELECTED)
    coordinator = f.coordinator()
    answer_objection(objection, actor=coordinator, upheld=True, answer="You are right.",
                     program=program, today=FRIDAY)  # fmt: skip
    db.session.commit()
    application = objection.application
    assert application.state == S.OFFERED
    assert application.outcome_program_id == program.id
    assert application.offer_deadline == date(2026, 5, 8)
    assert held(program) == 1
    assert objection.offered_program_id == program.id
    assert "application.offered" in audit_actions(application)


def test_uphold_with_an_offer_when_no_seat_is_free_changes_nothing():
    objection, (program,) = _objection(S.WAITLISTED, seats=(1,))
    result(program, S.OFFERED)  # takes the only seat
    with pytest.raises(ObjectionError, match="seats of") as refused:
        answer_objection(objection, actor=f.coordinator(), upheld=True, answer="Yes.",
                         program=program, today=FRIDAY)  # fmt: skip
    assert refused.value.field == "program_id"
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).state == ObjectionState.LODGED
    assert objection.application.state == S.WAITLISTED
    assert held(program) == 1


def test_uphold_without_an_offer_leaves_the_decision_to_the_coordinator():
    objection, _ = _objection(S.NOT_SELECTED)
    answer_objection(objection, actor=f.coordinator(), upheld=True, answer="We will re-rank.")
    db.session.commit()
    assert objection.state == ObjectionState.UPHELD
    assert objection.application.state == S.NOT_SELECTED


def test_offer_only_for_a_ranked_program():
    objection, _ = _objection(S.NOT_SELECTED)
    stranger = f.program(call=objection.application.call)
    with pytest.raises(ObjectionError, match="ranked"):
        answer_objection(objection, actor=f.coordinator(), upheld=True, answer="Yes.",
                         program=stranger)  # fmt: skip


def test_database_keeps_an_answer_with_an_answered_state():
    objection, _ = _objection()
    objection.state = ObjectionState.UPHELD  # bypassing the service: no answer
    refused_by_database()


def test_database_refuses_a_second_objection_for_the_application():
    objection, _ = _objection()
    refused_by_database(Objection(application_id=objection.application_id, reason="twice"))
