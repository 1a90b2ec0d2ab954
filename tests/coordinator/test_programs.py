"""The coordinator's call screens: list, create, edit, detail, publish/close/reopen/cancel."""

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from exchange.extensions import db
from exchange.partnerships.states import PartnershipState
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from tests import factories as f
from tests.pages import assert_filters


def _count():
    return db.session.scalar(select(func.count()).select_from(Program))


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _valid(partnership, **kw):
    today = date.today()
    return {
        "partnership_id": str(partnership.id),
        "title": "Sustainable agriculture semester",
        "description": "One semester in Al Ain.",
        "mobility_type": "SMS",
        "academic_year": f"{partnership.first_year + 1}/{partnership.first_year + 2}",
        "term": "1",
        "seats": "3",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=40)).isoformat(),
        "eqf_levels": ["6"],
        "org_unit_ids": [],
        "min_gpa": "3.00",
        "language": "en",
        "cefr_level": "B2",
        "required_documents": ["transcript", "motivation"],
        "weight_gpa": "50",
        "weight_language": "50",
        "weight_review": "0",
        "weight_interview": "0",
    } | kw


def _agreement(places=4, **kw):
    """An agreement with an outgoing condition for student studies: calls may offer seats."""
    partnership = f.partnership(**kw)
    f.condition(partnership=partnership, places_per_year=places)
    return partnership


def test_program_list_filters_by_status_agreement_and_year(login_as):
    agreement = f.partnership(title="Agriculture with UAEU")
    f.program(title="Published call", partnership=agreement, academic_year=2026)
    f.program(title="Draft call", state=ProgramState.DRAFT, academic_year=2027)
    client = login_as(f.coordinator())

    assert_filters(client, "/coordinator/programs", {
        "status=draft": ("Draft call", "Published call"),
        f"partnership={agreement.id}": ("Published call", "Draft call"),
        "year=2027/2028": ("Draft call", "Published call"),
    })  # fmt: skip


def test_program_list_empty_state_says_how_to_start(login_as):
    page = _text(login_as(f.coordinator()).get("/coordinator/programs"))
    assert "No programs yet." in page and "Open a call" in page


def test_program_create_lists_only_running_agreements(login_as):
    f.partnership(title="Running agreement")
    f.partnership(title="Ended agreement", state=PartnershipState.EXPIRED)
    page = _text(login_as(f.coordinator()).get("/coordinator/programs/new"))
    assert "Running agreement" in page and "Ended agreement" not in page


def test_program_create_saves_a_draft(login_as):
    partnership = _agreement()
    unit = f.org_unit(name="Agronomy")
    client = login_as(f.coordinator())
    response = client.post(
        "/coordinator/programs/new", data=_valid(partnership, org_unit_ids=[str(unit.id)])
    )
    assert response.status_code == 302
    program = db.session.scalar(select(Program))
    assert program.state == ProgramState.DRAFT
    assert [u.name for u in program.org_units] == ["Agronomy"]
    page = _text(client.get(response.headers["Location"]))
    assert "Sustainable agriculture semester" in page and "Agronomy" in page
    assert "Publish" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": "0"}, "Offer from 1 to 1000 seats."),
        ({"academic_year": "next year"}, "Write the academic year as 2026/2027."),
        ({"academic_year": "2199/2200"}, "The agreement is valid from"),
        ({"closes_on": "2000-01-01"}, "Applications cannot close before they open."),
        ({"opens_on": ""}, "Enter the date applications open."),
        ({"min_gpa": "9"}, "Enter a GPA from 0 to 4.0."),
        ({"language": "", "cefr_level": "B2"}, "Choose the language this level applies to."),
        ({"title": ""}, "Enter a title for the call."),
        ({"partnership_id": ""}, "Choose the agreement this call belongs to."),
    ],
)
def test_program_create_invalid_input_shows_message_and_saves_nothing(login_as, changes, message):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    response = client.post("/coordinator/programs/new", data=_valid(partnership, **changes))
    assert response.status_code == 422
    assert message in _text(response)
    assert _count() == 0


def test_program_edit_saves_changes(login_as):
    program = f.program(state=ProgramState.DRAFT, seats=2)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/programs/{program.id}/edit",
        data=_valid(program.partnership, seats="7", academic_year=str(program.academic_year)),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert program.seats == 7


def test_program_edit_of_a_closed_call_is_forbidden(login_as):
    program = f.program(state=ProgramState.CLOSED)
    assert (
        login_as(f.coordinator()).get(f"/coordinator/programs/{program.id}/edit").status_code == 403
    )


def test_program_publish_under_a_draft_agreement_is_explained(login_as):
    program = f.program(
        state=ProgramState.DRAFT, partnership=f.partnership(state=PartnershipState.DRAFT)
    )
    client = login_as(f.coordinator())
    detail = _text(client.get(f"/coordinator/programs/{program.id}"))
    assert "can be published only once the agreement is active" in detail
    response = client.post(
        f"/coordinator/programs/{program.id}/transition",
        data={"target": "published"},
        follow_redirects=True,
    )
    assert "activate it before publishing calls under it" in _text(response)
    db.session.expire_all()
    assert program.state == ProgramState.DRAFT


@pytest.mark.parametrize(
    ("start", "target", "end"),
    [
        (ProgramState.DRAFT, "published", ProgramState.PUBLISHED),
        (ProgramState.PUBLISHED, "closed", ProgramState.CLOSED),
        (ProgramState.CLOSED, "published", ProgramState.PUBLISHED),
        (ProgramState.PUBLISHED, "cancelled", ProgramState.CANCELLED),
    ],
)
def test_program_transitions_through_the_page(login_as, start, target, end):
    program = f.program(state=start)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/programs/{program.id}/transition",
        data={"target": target, "note": "As agreed"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert program.state == end
    assert "As agreed" in _text(client.get(f"/coordinator/programs/{program.id}"))


@pytest.mark.parametrize(
    ("state", "buttons"),
    [
        (ProgramState.DRAFT, ["Publish", "Cancel call"]),
        (ProgramState.PUBLISHED, ["Close", "Cancel call"]),
        (ProgramState.CLOSED, ["Reopen"]),
        (ProgramState.CANCELLED, []),
    ],
)
def test_program_detail_shows_exactly_the_allowed_buttons(login_as, state, buttons):
    program = f.program(state=state)
    page = _text(login_as(f.coordinator()).get(f"/coordinator/programs/{program.id}"))
    shown = [
        label
        for label in ["Publish", "Reopen", "Close", "Cancel call"]
        if f'">{label}</button>' in page
    ]
    assert shown == buttons


def test_program_detail_of_a_missing_call_is_404(login_as):
    assert login_as(f.coordinator()).get("/coordinator/programs/999999").status_code == 404


def test_publishing_a_program_outside_a_call_warns_that_students_cannot_apply(login_as):
    program = f.program(state=ProgramState.DRAFT)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/programs/{program.id}/transition", data={"target": "published"},
        follow_redirects=True,
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert "The call is now Published." in page
    assert "Students cannot apply yet: add this program to a call" in page
