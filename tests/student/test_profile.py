"""The student's profile: the record shown read-only, language levels added, changed, removed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from exchange.accounts.languages import LanguageError, StudentLanguage, set_language_level
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f
from tests.db_refusals import refused_by_database


def _levels(student) -> dict[str, str]:
    rows = db.session.execute(select(StudentLanguage.language, StudentLanguage.level)
                              .where(StudentLanguage.user_id == student.id))  # fmt: skip
    return dict(rows.all())


def _audit_actions() -> list[tuple[str, dict | None, dict | None]]:
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    return [(e.action, e.before, e.after) for e in rows]


def test_profile_shows_the_record_read_only(login_as):
    unit = f.org_unit(name="Department of Physics")
    student = f.student(org_unit=unit, gpa=Decimal("3.05"), full_name="Layla Haddad")
    page = login_as(student).get("/student/profile").get_data(as_text=True)

    assert "Layla Haddad" in page
    assert "Department of Physics" in page
    assert "3.05" in page
    assert "Bachelor (EQF 6)" in page
    assert 'name="gpa"' not in page
    assert "No languages yet." in page


def test_add_a_language_level(login_as):
    student = f.student()
    client = login_as(student)

    response = client.post("/student/profile", data={"language": "en", "level": "B2"})

    assert response.status_code == 302
    assert _levels(student) == {"en": "B2"}
    assert _audit_actions() == [("student_language.added", None,
                                 {"language": "en", "level": "B2"})]  # fmt: skip
    page = client.get("/student/profile").get_data(as_text=True)
    assert "Saved: English B2." in page
    assert "Self-declared" in page


def test_change_a_language_level(login_as):
    student = f.student()
    f.student_language(student, "en", "B2")
    client = login_as(student)

    client.post("/student/profile", data={"language": "en", "level": "C1"})

    assert _levels(student) == {"en": "C1"}
    assert _audit_actions() == [("student_language.changed", {"language": "en", "level": "B2"},
                                 {"language": "en", "level": "C1"})]  # fmt: skip


def test_change_link_prefills_the_form(login_as):
    student = f.student()
    f.student_language(student, "de", "B1")
    page = login_as(student).get("/student/profile?language=de").get_data(as_text=True)
    assert '<option selected value="de">German</option>' in page
    assert '<option selected value="B1">B1</option>' in page


def test_saving_the_same_level_writes_no_audit_row(login_as):
    student = f.student()
    f.student_language(student, "en", "B2")
    login_as(student).post("/student/profile", data={"language": "en", "level": "B2"})
    assert _audit_actions() == []


def test_remove_a_language(login_as):
    student = f.student()
    f.student_language(student, "en", "B2")
    f.student_language(student, "fr", "A2")
    client = login_as(student)

    response = client.post("/student/profile", data={"remove": "fr"})

    assert response.status_code == 302
    assert _levels(student) == {"en": "B2"}
    [(action, before, after)] = _audit_actions()
    assert (action, before, after) == ("student_language.removed",
                                       {"language": "fr", "level": "A2"}, None)  # fmt: skip
    assert "Removed French from your profile." in client.get("/student/profile").get_data(
        as_text=True
    )


def test_remove_asks_to_confirm(login_as):
    student = f.student()
    f.student_language(student, "fr", "A2")
    page = login_as(student).get("/student/profile").get_data(as_text=True)
    assert 'data-confirm="Remove French from your profile?"' in page


def test_removing_a_language_not_in_the_profile_changes_nothing(login_as):
    student = f.student()
    f.student_language(student, "en", "B2")
    client = login_as(student)

    client.post("/student/profile", data={"remove": "de"})

    assert _levels(student) == {"en": "B2"}
    assert _audit_actions() == []
    assert "This language is not in your profile." in client.get("/student/profile").get_data(
        as_text=True
    )


def test_a_student_cannot_remove_another_students_language(login_as):
    other = f.student()
    f.student_language(other, "en", "B2")
    login_as(f.student()).post("/student/profile", data={"remove": "en"})
    assert _levels(other) == {"en": "B2"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"language": "xx", "level": "B2"}, "language", "Choose a language from the list."),
        ({"language": "", "level": "B2"}, "language", "Choose a language."),
        ({"language": "en", "level": "D1"}, "level", "Choose a level from A1 to C2."),
        ({"language": "en", "level": ""}, "level", "Choose your level."),
        ({"language": "en", "level": "b2"}, "level", "Choose a level from A1 to C2."),
    ],
)
def test_invalid_input_shows_a_message_beside_the_field_and_saves_nothing(
    login_as, data, field, message
):
    student = f.student()
    response = login_as(student).post("/student/profile", data=data)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert f'<div class="invalid-feedback" id="{field}-error">{message}</div>' in page
    assert 'id="form-errors"' in page
    assert _levels(student) == {}
    assert _audit_actions() == []


def test_service_refuses_unknown_codes_without_saving():
    student = f.student()
    with pytest.raises(LanguageError) as error:
        set_language_level(student, "klingon", "B2", actor=student)
    assert error.value.field == "language"
    assert db.session.scalar(select(func.count()).select_from(StudentLanguage)) == 0


def test_database_refuses_an_unknown_level():
    student = f.student()
    refused_by_database(StudentLanguage(user_id=student.id, language="en", level="D1"))


def test_database_refuses_the_same_language_twice():
    student = f.student()
    f.student_language(student, "en", "B2")
    refused_by_database(StudentLanguage(user_id=student.id, language="en", level="C1"))


def test_languages_go_with_the_account():
    student = f.student()
    f.student_language(student, "en", "B2")
    db.session.delete(student)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(StudentLanguage)) == 0


def test_a_declared_level_changes_the_catalogue_verdict(login_as):
    f.program(title="English C1 call", language="en", cefr_level="C1")
    student = f.student()
    client = login_as(student)
    assert "Add your English level to your profile." in client.get("/student/programs").get_data(
        as_text=True
    )

    client.post("/student/profile", data={"language": "en", "level": "C1"})

    assert "You are eligible." in client.get("/student/programs").get_data(as_text=True)
