"""The published selection formula, ranked choices and first-timers: validated and shown."""

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs import services
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from tests import factories as f


def _agreement():
    partnership = f.partnership(first_year=2025, last_year=2028)
    f.condition(partnership=partnership, places_per_year=10)
    return partnership


def _fields(**kw):
    today = date.today()
    return dict(
        title="Semester abroad", mobility_type="SMS", academic_year=2026, term="1", seats=1,
        opens_on=today, closes_on=today + timedelta(days=30),
    ) | kw  # fmt: skip


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def test_new_call_gets_the_default_formula_and_choices():
    program = services.create_program(partnership=_agreement(), actor=f.coordinator(),
                                      **_fields())  # fmt: skip
    assert (program.weight_gpa, program.weight_language, program.weight_review,
            program.weight_interview) == (50, 50, 0, 0)  # fmt: skip
    assert program.first_timers_only is False
    assert program.selection_formula_label == "50% GPA, 50% language"


def test_formula_label_lists_heaviest_first_and_leaves_out_zero_weights():
    program = f.program(weight_gpa=20, weight_language=30, weight_review=0, weight_interview=50)
    assert program.selection_formula_label == "50% interview, 30% language, 20% GPA"


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"weight_gpa": 40}, "weight_gpa",
         "The weights add up to 90%; they must add up to 100%."),
        ({"weight_review": 10}, "weight_gpa",
         "The weights add up to 110%; they must add up to 100%."),
        ({"weight_gpa": -10, "weight_language": 110}, "weight_gpa",
         "Enter a weight from 0 to 100%."),
        ({"weight_interview": 101}, "weight_interview", "Enter a weight from 0 to 100%."),
    ],
)  # fmt: skip
def test_create_program_refuses_a_bad_formula(kw, field, message):
    with pytest.raises(services.ProgramError) as error:
        services.create_program(partnership=_agreement(), actor=f.coordinator(), **_fields(**kw))
    assert (error.value.field, str(error.value)) == (field, message)


def test_update_program_records_formula_changes():
    program = f.program(state=ProgramState.DRAFT)
    services.update_program(program, actor=f.coordinator(), weight_gpa=70, weight_language=30,
                            first_timers_only=True)  # fmt: skip
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.update"))
    assert event.after == {"weight_gpa": 70, "weight_language": 30, "first_timers_only": True}


def test_database_refuses_weights_that_do_not_add_up():
    program = f.program()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE programs SET weight_gpa = 40 WHERE id = :id"),
                           {"id": program.id})  # fmt: skip
    db.session.rollback()


def _post(partnership, **kw):
    today = date.today()
    return {
        "partnership_id": str(partnership.id), "title": "Semester abroad", "mobility_type": "SMS",
        "academic_year": "2026/2027", "term": "1", "seats": "2", "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=30)).isoformat(),
        "weight_gpa": "50", "weight_language": "50", "weight_review": "0",
        "weight_interview": "0",
    } | kw  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weight_gpa": "40"}, "weight_gpa",
         "The weights add up to 90%; they must add up to 100%."),
        ({"weight_review": "101"}, "weight_review", "Enter a weight from 0 to 100%."),
        ({"weight_interview": ""}, "weight_interview",
         "Enter a weight from 0 to 100%, or 0 to leave it out."),
    ],
)  # fmt: skip
def test_program_form_shows_formula_errors_beside_the_field(login_as, changes, field, message):
    partnership = _agreement()
    response = login_as(f.coordinator()).post(
        "/coordinator/programs/new", data=_post(partnership, **changes)
    )
    assert response.status_code == 422
    assert f'id="{field}-error">{message}</div>' in _text(response)
    assert db.session.scalar(select(func.count()).select_from(Program)) == 0


def test_program_form_saves_the_formula_and_the_detail_page_shows_it(login_as):
    partnership = _agreement()
    client = login_as(f.coordinator())
    response = client.post("/coordinator/programs/new", data=_post(
        partnership, weight_gpa="40", weight_language="30", weight_interview="30",
        first_timers_only="y"))  # fmt: skip
    assert response.status_code == 302
    program = db.session.scalar(select(Program))
    assert (program.weight_gpa, program.weight_interview) == (40, 30)
    assert program.first_timers_only is True
    page = _text(client.get(response.headers["Location"]))
    assert '<dd class="col-sm-8" id="formula">40% GPA, 30% language, 30% interview' in page
    assert "Not in a call yet: students can apply once it is added to one." in page
    assert "Only students who have not been on an exchange before" in page


def test_students_see_how_applicants_are_ranked(login_as):
    program = f.program(title="Semester in Toronto", weight_gpa=60, weight_language=40)
    client = login_as(f.student())
    line = "How applicants are ranked: 60% GPA, 40% language"
    assert line in _text(client.get("/student/programs"))
    assert line in _text(client.get(f"/student/programs/{program.id}"))
