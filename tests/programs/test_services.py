"""Program services: drafting, editing and state changes, with their rules and audit rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.states import PartnershipState
from exchange.programs import services
from exchange.programs.models import Program
from exchange.programs.states import DocumentType, ProgramState
from tests import factories as f


def _fields(**kw):
    today = date.today()
    return (
        dict(
            title="AI semester",
            description="Study AI.",
            mobility_type="SMS",
            academic_year=2027,
            term="1",
            seats=3,
            opens_on=today,
            closes_on=today + timedelta(days=30),
            eqf_levels=["6"],
            min_gpa=Decimal("3.00"),
            language="en",
            cefr_level="B2",
            required_documents=["transcript", "cv"],
            org_units=[],
        )
        | kw
    )


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_create_program_drafts_a_call_with_audit():
    partnership = f.partnership(first_year=2026, last_year=2029)
    f.condition(partnership=partnership)
    unit = f.org_unit()
    program = services.create_program(
        partnership=partnership, actor=f.coordinator(), **_fields(org_units=[unit])
    )
    db.session.commit()

    assert program.state == ProgramState.DRAFT
    assert program.required_documents == [DocumentType.CV, DocumentType.TRANSCRIPT]
    (event,) = _events("program.create")
    assert event.after["org_unit_ids"] == [unit.id]
    assert event.after["academic_year"] == 2027


def test_create_program_does_not_commit():
    partnership = f.partnership(first_year=2026, last_year=2029)
    f.condition(partnership=partnership)
    services.create_program(
        partnership=partnership,
        actor=f.coordinator(),
        **_fields(),
    )
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Program)) == 0


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"academic_year": 2031}, "academic_year"),
        ({"academic_year": 2025}, "academic_year"),
        ({"seats": 0}, "seats"),
        ({"closes_on": date.today() - timedelta(days=1)}, "closes_on"),
        ({"min_gpa": Decimal("4.50")}, "min_gpa"),
        ({"min_gpa": Decimal("-1")}, "min_gpa"),
        ({"cefr_level": "Z9"}, "cefr_level"),
        ({"language": None, "cefr_level": "B2"}, "language"),
        ({"required_documents": ["selfie"]}, "required_documents"),
    ],
)
def test_create_program_refuses_bad_data(kw, field):
    partnership = f.partnership(first_year=2026, last_year=2029)
    with pytest.raises(services.ProgramError) as error:
        services.create_program(partnership=partnership, actor=f.coordinator(), **_fields(**kw))
    assert error.value.field == field


def test_create_program_under_a_final_agreement_is_refused():
    partnership = f.partnership(first_year=2026, last_year=2029, state=PartnershipState.EXPIRED)
    with pytest.raises(services.ProgramError) as error:
        services.create_program(partnership=partnership, actor=f.coordinator(), **_fields())
    assert error.value.field == "partnership_id"


def test_create_program_refuses_partner_units():
    partner_unit = f.org_unit(institution=f.institution())
    with pytest.raises(services.ProgramError) as error:
        services.create_program(
            partnership=f.partnership(first_year=2026, last_year=2029),
            actor=f.coordinator(),
            **_fields(org_units=[partner_unit]),
        )
    assert error.value.field == "org_unit_ids"


def test_update_program_records_the_diff():
    program = f.program(seats=2, state=ProgramState.DRAFT)
    services.update_program(program, actor=f.coordinator(), seats=5)
    db.session.commit()
    (event,) = _events("program.update")
    assert (event.before, event.after) == ({"seats": 2}, {"seats": 5})


def test_update_program_refused_when_closed():
    program = f.program(state=ProgramState.CLOSED)
    with pytest.raises(services.ProgramError):
        services.update_program(program, actor=f.coordinator(), seats=5)


def test_publish_requires_an_active_agreement():
    program = f.program(
        state=ProgramState.DRAFT, partnership=f.partnership(state=PartnershipState.DRAFT)
    )
    with pytest.raises(services.ProgramError) as error:
        services.change_program_state(program, ProgramState.PUBLISHED, actor=f.coordinator())
    assert "activate it before publishing" in str(error.value)
    assert program.state == ProgramState.DRAFT


def test_reopen_requires_an_active_agreement():
    program = f.program(
        state=ProgramState.CLOSED, partnership=f.partnership(state=PartnershipState.SUSPENDED)
    )
    with pytest.raises(services.ProgramError):
        services.change_program_state(program, ProgramState.PUBLISHED, actor=f.coordinator())


def test_publish_refuses_a_window_that_has_closed():
    past = date.today() - timedelta(days=5)
    program = f.program(
        state=ProgramState.DRAFT, opens_on=past - timedelta(days=10), closes_on=past
    )
    with pytest.raises(services.ProgramError):
        services.change_program_state(program, ProgramState.PUBLISHED, actor=f.coordinator())


def test_publish_under_active_agreement_audits():
    program = f.program(state=ProgramState.DRAFT)
    services.change_program_state(program, ProgramState.PUBLISHED, actor=f.coordinator(), note="Go")
    db.session.commit()
    (event,) = _events("program.published")
    assert (event.before, event.after, event.note) == (
        {"state": "draft"},
        {"state": "published"},
        "Go",
    )


def test_program_actions_follow_the_table():
    def labels(state):
        return [a.label for a in services.program_actions(f.program(state=state))]

    assert labels(ProgramState.DRAFT) == ["Publish", "Cancel call"]
    assert labels(ProgramState.PUBLISHED) == ["Close", "Cancel call"]
    assert labels(ProgramState.CLOSED) == ["Reopen"]
    assert labels(ProgramState.CANCELLED) == []
