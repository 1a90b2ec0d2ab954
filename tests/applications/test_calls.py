"""Calls: application rounds grouping programs; their services audit, their form validates."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs import calls
from exchange.programs.calls_forms import CallForm
from exchange.programs.states import ProgramState
from tests import factories as f


def test_create_and_update_call_are_audited():
    actor = f.coordinator()

    call = calls.create_call(actor=actor, title=" Erasmus+ 2026/2027 ", academic_year=2026)
    calls.update_call(call, actor=actor, max_choices=5, allow_reopen=True)
    db.session.commit()

    assert (call.title, call.max_choices, call.allow_reopen) == ("Erasmus+ 2026/2027", 5, True)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["call.create", "call.update"]
    assert events[1].before == {"max_choices": 3, "allow_reopen": False}
    assert events[1].after == {"max_choices": 5, "allow_reopen": True}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"max_choices": 0}, "max_choices"),
        ({"max_choices": 11}, "max_choices"),
        ({"academic_year": None}, "academic_year"),
    ],
)
def test_create_call_refuses_bad_values_beside_their_field(fields, field):
    data = {"title": "Call", "academic_year": 2026} | fields

    with pytest.raises(calls.CallError) as error:
        calls.create_call(actor=f.coordinator(), **data)
    assert error.value.field == field
    assert db.session.scalars(select(calls.Call)).all() == []


def test_database_keeps_max_choices_between_1_and_10():
    with pytest.raises(IntegrityError):
        f.call(max_choices=11)
    db.session.rollback()


def test_max_choices_cannot_drop_below_an_application_using_more():
    application = f.application(call=f.call(max_choices=3))
    f.choice(application=application, rank=1)
    f.choice(application=application, rank=2)

    with pytest.raises(calls.CallError, match="ranks 2 programs"):
        calls.update_call(application.call, actor=f.coordinator(), max_choices=1)


def test_attach_and_detach_programs():
    actor = f.coordinator()
    call = f.call()
    program = f.program()

    calls.attach_program(call, program, actor=actor)
    db.session.commit()
    assert [p.id for p in call.programs] == [program.id]
    assert program.call == call

    calls.detach_program(call, program, actor=actor)
    db.session.commit()
    assert call.programs == []
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["program.call", "program.call"]


def test_attach_refuses_another_year_or_a_cancelled_program():
    call = f.call()
    later = f.program(academic_year=call.academic_year + 1)
    cancelled = f.program(state=ProgramState.CANCELLED)

    with pytest.raises(calls.CallError, match="same academic year"):
        calls.attach_program(call, later, actor=f.coordinator())
    with pytest.raises(calls.CallError, match="cancelled"):
        calls.attach_program(call, cancelled, actor=f.coordinator())
    assert (later.call_id, cancelled.call_id) == (None, None)


def test_detach_refuses_a_program_an_application_chose():
    choice = f.choice()
    program, call = choice.program, choice.application.call

    with pytest.raises(calls.CallError, match="must stay"):
        calls.detach_program(call, program, actor=f.coordinator())
    assert program.call_id == call.id


def test_deleting_a_call_leaves_its_programs_without_one():
    call = f.call()
    program = f.program(call=call)

    db.session.delete(call)
    db.session.commit()
    db.session.expire_all()

    assert program.call_id is None


def test_call_form_reads_values_and_reports_errors(app):
    with app.test_request_context(method="POST"):
        good = CallForm(MultiDict({"title": " Round 1 ", "academic_year": "2026/2027",
                                   "max_choices": "4", "allow_reopen": "y",
                                   "reviews_open_on": "2027-02-01",
                                   "reviews_close_on": "2027-02-15",
                                   "objection_days": "5", "offer_days": "7"}))  # fmt: skip
        bad = CallForm(MultiDict({"title": "", "academic_year": "2026/2028",
                                  "max_choices": "12"}))  # fmt: skip

        assert good.validate()
        assert good.service_fields() == {"title": "Round 1", "description": None,
                                         "academic_year": 2026, "max_choices": 4,
                                         "allow_reopen": True,
                                         "reviews_open_on": date(2027, 2, 1),
                                         "reviews_close_on": date(2027, 2, 15),
                                         "results_release_on": None,
                                         "objection_days": 5, "offer_days": 7}  # fmt: skip
        assert not bad.validate()
        assert bad.errors == {
            "title": ["Enter a title for the call."],
            "academic_year": ["Write the academic year as 2026/2027."],
            "max_choices": ["Enter a number from 1 to 10."],
            "objection_days": ["Enter how many working days students have to object."],
            "offer_days": ["Enter how many days students have to answer an offer."],
        }
