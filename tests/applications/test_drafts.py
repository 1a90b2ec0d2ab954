"""Application services before submission: starting, drafts, choices, the checklist."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from exchange.applications import services
from exchange.applications.errors import ApplicationError
from exchange.applications.models import Application, ApplicationChoice
from exchange.applications.states import ApplicationState as S
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs.states import ProgramState
from tests import factories as f
from tests.applications.helpers import (
    TODAY,
    eligible_student,
    open_call,
    ready_application,
    submitted_application,
)
from tests.applications.service_helpers import audit_actions, count_rows
from tests.db_refusals import refused_by_database


def test_start_application_creates_one_draft_and_then_returns_it():
    call, _programs = open_call()
    student = eligible_student()

    first = services.start_application(student, call, actor=student)
    db.session.commit()
    second = services.start_application(student, call, actor=student)

    assert first.id == second.id
    assert first.state == S.DRAFT
    assert count_rows(Application) == 1
    assert audit_actions(first) == ["application.start"]


def test_database_allows_one_application_per_student_per_call():
    application = f.application()

    refused_by_database(Application(student_id=application.student_id, call_id=application.call_id))
    assert count_rows(Application) == 1


def test_start_application_refuses_a_call_without_open_programs():
    call = f.call()
    f.program(call=call, state=ProgramState.DRAFT)
    student = eligible_student()

    with pytest.raises(ApplicationError, match="not taking applications"):
        services.start_application(student, call, actor=student)
    assert count_rows(Application) == 0


def test_start_application_refuses_staff():
    call, _programs = open_call()
    coordinator = f.coordinator()

    with pytest.raises(ApplicationError, match="Only students"):
        services.start_application(coordinator, call, actor=coordinator)


# --- drafts ---------------------------------------------------------------------------------


@pytest.fixture
def draft():
    call, programs = open_call(3, max_choices=2)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, motivation="Original words.",
                        choices=[(programs[0].id, "First reason.")])  # fmt: skip
    db.session.commit()
    return application, programs


def _bad_inputs(programs, outsider, hidden):
    p0, p1, p2 = (p.id for p in programs)
    return {
        "duplicate": (dict(choices=[(p0, "a"), (p0, "b")]), "choices", 1),
        "outside the call": (dict(choices=[(p0, "a"), (outsider, "b")]), "choices", 1),
        "not visible": (dict(choices=[(hidden, "a")]), "choices", 0),
        "not a number": (dict(choices=[("abc", "a")]), "choices", 0),
        "too many": (dict(choices=[(p0, None), (p1, None), (p2, None)]), "choices", 2),
        "unknown language": (dict(language="xx"), "language", None),
        "unknown level": (dict(language="en", cefr="D9"), "cefr", None),
        "level without language": (dict(language="", cefr="B2"), "language", None),
        "motivation too long": (dict(motivation="x" * 10_001), "motivation", None),
        "choice motivation too long": (
            dict(choices=[(p0, "ok"), (p1, "y" * 10_001)]), "choice_motivation", 1),
    }  # fmt: skip


@pytest.mark.parametrize(
    "case",
    [
        "duplicate",
        "outside the call",
        "not visible",
        "not a number",
        "too many",
        "unknown language",
        "unknown level",
        "level without language",
        "motivation too long",
        "choice motivation too long",
    ],
)
def test_save_draft_with_a_broken_rule_changes_nothing_and_says_where(draft, case):
    application, programs = draft
    outsider = f.program().id
    hidden = f.program(call=application.call, state=ProgramState.DRAFT).id
    fields, field, index = _bad_inputs(programs, outsider, hidden)[case]
    typed = dict(motivation="New words the student typed.", language="en", cefr="B2") | fields
    before_audit = count_rows(AuditEvent)

    with pytest.raises(ApplicationError) as error:
        services.save_draft(application, actor=application.student, **typed)
    db.session.commit()
    db.session.expire_all()

    assert (error.value.field, error.value.index) == (field, index)
    assert str(error.value)
    assert application.motivation == "Original words."
    assert application.language is None
    assert [(c.program_id, c.motivation) for c in application.choices] == [
        (programs[0].id, "First reason.")
    ]
    assert count_rows(AuditEvent) == before_audit


def test_save_draft_saves_answers_and_ranked_choices_with_an_audit_diff(draft):
    application, programs = draft
    student = application.student

    choices = [(programs[1].id, "Second first."), (programs[0].id, "")]
    services.save_draft(application, actor=student, motivation="  Better words. ", language="en",
                        cefr="b2", has_certificate=True, choices=choices)  # fmt: skip
    db.session.commit()
    db.session.expire_all()

    assert (application.motivation, application.language, application.language_level) == (
        "Better words.", "en", "B2")  # fmt: skip
    assert application.has_language_certificate is True
    assert [(c.rank, c.program_id, c.motivation) for c in application.choices] == [
        (1, programs[1].id, "Second first."),
        (2, programs[0].id, None),
    ]
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.save_draft")
        .order_by(AuditEvent.id.desc())
    ).first()  # fmt: skip
    assert event.before["motivation"] == "Original words."
    assert event.after["choices"] == [[programs[1].id, "Second first."], [programs[0].id, None]]


def test_save_draft_refuses_a_stale_form(draft):
    application, programs = draft
    loaded_version = application.version
    services.save_draft(application, actor=application.student, motivation="From tab one.")
    db.session.commit()

    with pytest.raises(ApplicationError, match="another window"):
        services.save_draft(application, actor=application.student, motivation="From tab two.",
                            expected_version=loaded_version)  # fmt: skip
    db.session.expire_all()
    assert application.motivation == "From tab one."


def test_reorder_and_remove_choices_keep_ranks_dense(draft):
    application, programs = draft
    student = application.student
    services.add_choice(application, programs[1], actor=student, motivation="Second.")

    services.reorder_choices(application, [programs[1].id, programs[0].id], actor=student)
    db.session.commit()
    assert [(c.rank, c.program_id, c.motivation) for c in application.choices] == [
        (1, programs[1].id, "Second."),
        (2, programs[0].id, "First reason."),
    ]

    services.remove_choice(application, programs[1].id, actor=student)
    db.session.commit()
    db.session.expire_all()
    assert [(c.rank, c.program_id) for c in application.choices] == [(1, programs[0].id)]
    assert count_rows(ApplicationChoice) == 1


def test_reorder_refuses_a_different_set_of_programs(draft):
    application, programs = draft

    with pytest.raises(ApplicationError) as error:
        services.reorder_choices(application, [programs[2].id], actor=application.student)
    assert error.value.field == "choices"


def test_submitted_application_is_frozen():
    application = submitted_application()
    other = f.program(call=application.call)

    with pytest.raises(ApplicationError, match="can no longer be changed"):
        services.save_draft(application, actor=application.student, motivation="Changed.")
    with pytest.raises(ApplicationError):
        services.add_choice(application, other, actor=application.student)
    db.session.expire_all()
    assert application.motivation == "I want to study abroad."
    assert len(application.choices) == 2


# --- the checklist --------------------------------------------------------------------------


def test_checklist_of_an_empty_draft_asks_for_a_choice_and_motivation():
    call, _programs = open_call()
    student = eligible_student()
    application = services.start_application(student, call, actor=student)

    assert services.missing_items(application, TODAY) == [
        "Choose at least one destination.",
        "Write your motivation: one statement for the application, or one per choice.",
    ]


def test_checklist_lists_language_answer_documents_and_certificate():
    call, programs = open_call(1)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, has_certificate=True,
                        choices=[(programs[0].id, "Why this one.")])  # fmt: skip

    assert services.missing_items(application, TODAY) == [
        "Answer the language question: the language you will study in (English) and your level.",
        "Upload your Transcript of records.",
        "Upload your Motivation letter.",
        "Upload your Language certificate.",
    ]


def test_checklist_of_a_complete_draft_is_empty():
    application = ready_application()

    assert services.missing_items(application, TODAY) == []


def test_checklist_gives_the_eligibility_reason_per_choice():
    call = f.call()
    fine = f.program(call=call)
    strict = f.program(call=call, min_gpa=Decimal("3.90"), title="Strict")
    student = eligible_student(gpa=Decimal("3.20"))
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, choices=[(fine.id, "a"), (strict.id, "b")])

    items = services.missing_items(application, TODAY)

    assert "Not eligible for choice 2, Strict: Requires a GPA of at least 3.90; yours is 3.20." in (
        items
    )


def test_checklist_says_a_choice_is_not_open_after_its_deadline():
    application = ready_application()
    first = application.choices[0].program
    first.closes_on = TODAY - timedelta(days=1)
    first.opens_on = TODAY - timedelta(days=20)
    db.session.commit()

    items = services.missing_items(application, TODAY)

    assert items == [
        f"Choice 1, {first.title}, is not open: The deadline was {first.closes_on.isoformat()}."
    ]
