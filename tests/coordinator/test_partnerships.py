"""The coordinator's agreement screens: list, create, edit, detail, state changes."""

import html

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.states import PartnershipState
from tests import factories as f
from tests.pages import assert_filters


def _count():
    return db.session.scalar(select(func.count()).select_from(Partnership))


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _valid(partner, **kw):
    return {
        "partner_id": str(partner.id),
        "title": "Sustainable energy",
        "org_unit_id": "",
        "first_year": "2026/2027",
        "last_year": "2030/2031",
        "subject_areas": ["0713", "0711"],
        "notes": "Signed in Jeddah.",
    } | kw


def test_partnership_list_filters_by_status_partner_and_text(login_as):
    toronto = f.institution(name="University of Toronto")
    f.partnership(title="AI with Toronto", partner=toronto)
    f.partnership(title="Nanotechnology draft", state=PartnershipState.DRAFT)
    f.partnership(title="Humanities", notes="Arabic manuscripts")
    client = login_as(f.coordinator())

    assert_filters(client, "/coordinator/partnerships", {
        "status=draft": ("Nanotechnology draft", "AI with Toronto"),
        f"partner={toronto.id}": ("AI with Toronto", "Humanities"),
        "q=manuscripts": ("Humanities", "AI with Toronto"),
    })  # fmt: skip


def test_partnership_list_empty_state_says_how_to_start(login_as):
    page = _text(login_as(f.coordinator()).get("/coordinator/partnerships"))
    assert "No partnerships yet." in page
    assert "Record an agreement" in page


def test_partnership_create_saves_a_draft_and_shows_its_page(login_as):
    partner = f.institution(name="University of Cambridge")
    client = login_as(f.coordinator())
    response = client.post("/coordinator/partnerships/new", data=_valid(partner))
    assert response.status_code == 302
    partnership = db.session.scalar(select(Partnership))
    assert (partnership.state, partnership.first_year, partnership.last_year) == (
        PartnershipState.DRAFT,
        2026,
        2030,
    )
    assert partnership.subject_areas == ["0711", "0713"]

    page = _text(client.get(response.headers["Location"]))
    assert "2026/2027 to 2030/2031" in page
    assert "0713 Electricity and energy" in page
    assert "Activate" in page and "Suspend" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_year": "2026-27"}, "Write the academic year as 2026/2027."),
        ({"first_year": "2026/2028"}, "Write the academic year as 2026/2027."),
        ({"last_year": ""}, "Enter the last academic year, e.g. 2030/2031."),
        (
            {"last_year": "2025/2026"},
            "The last academic year cannot be before the first (2026/2027).",
        ),
        ({"title": ""}, "Enter a title for the agreement."),
        ({"partner_id": ""}, "Choose the partner institution."),
        ({"subject_areas": ["9999"]}, "Unknown ISCED-F codes: 9999."),
    ],
)
def test_partnership_create_invalid_input_shows_message_and_saves_nothing(
    login_as, changes, message
):
    partner = f.institution()
    client = login_as(f.coordinator())
    before = _count()
    response = client.post("/coordinator/partnerships/new", data=_valid(partner, **changes))
    assert response.status_code == 422
    assert message in _text(response)
    assert _count() == before


def test_partnership_edit_refused_for_final_agreement(login_as):
    partnership = f.partnership(state=PartnershipState.TERMINATED)
    client = login_as(f.coordinator())
    assert client.get(f"/coordinator/partnerships/{partnership.id}/edit").status_code == 403
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert "its status can no longer change" in page
    assert f"/coordinator/partnerships/{partnership.id}/edit" not in page


def test_partnership_edit_saves_and_shows_in_history(login_as):
    partnership = f.partnership(title="Old title")
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/edit",
        data=_valid(
            partnership.partner,
            title="New title",
            first_year=str(partnership.first_year),
            last_year=str(partnership.last_year),
        ),
    )
    assert response.status_code == 302
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert "New title" in page
    assert "Edited" in page and "Changed: " in page


def test_partnership_edit_cannot_cut_off_a_programs_year(login_as):
    partnership = f.partnership(first_year=2026, last_year=2030)
    f.program(partnership=partnership, academic_year=2030)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/edit",
        data=_valid(partnership.partner, last_year="2029/2030"),
    )
    assert response.status_code == 422
    assert "Programs under this agreement run in 2030/2031" in _text(response)
    db.session.expire_all()
    assert partnership.last_year == 2030


@pytest.mark.parametrize(
    ("state", "buttons"),
    [
        (PartnershipState.DRAFT, ["Activate", "Terminate"]),
        (PartnershipState.ACTIVE, ["Suspend", "Mark expired", "Terminate"]),
        (PartnershipState.SUSPENDED, ["Resume", "Mark expired", "Terminate"]),
        (PartnershipState.EXPIRED, []),
    ],
)
def test_partnership_detail_shows_exactly_the_allowed_buttons(login_as, state, buttons):
    partnership = f.partnership(state=state)
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{partnership.id}"))
    shown = [
        label
        for label in ["Activate", "Resume", "Suspend", "Mark expired", "Terminate"]
        if f'">{label}</button>' in page
    ]
    assert shown == buttons


def test_destructive_partnership_buttons_ask_to_confirm(login_as):
    partnership = f.partnership(state=PartnershipState.ACTIVE)
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{partnership.id}"))
    assert 'value="terminated" class="btn btn-sm btn-outline-danger" data-confirm=' in page
    assert 'value="suspended" class="btn btn-sm btn-warning" data-confirm=' in page


def test_partnership_transition_changes_state_with_note_in_history(login_as):
    partnership = f.partnership(state=PartnershipState.ACTIVE)
    client = login_as(f.coordinator(full_name="Mona Coordinator"))
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/transition",
        data={"target": "suspended", "note": "Visa problems"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert partnership.state == PartnershipState.SUSPENDED
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert "Status changed" in page and "Visa problems" in page and "Mona Coordinator" in page


def test_partnership_transition_not_in_the_table_is_explained(login_as):
    partnership = f.partnership(state=PartnershipState.DRAFT)
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/transition",
        data={"target": "suspended"},
        follow_redirects=True,
    )
    assert "cannot move from Draft to Suspended" in _text(response)
    db.session.expire_all()
    assert partnership.state == PartnershipState.DRAFT
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_partnership_transition_of_a_final_agreement_is_forbidden(login_as):
    partnership = f.partnership(state=PartnershipState.EXPIRED)
    response = login_as(f.coordinator()).post(
        f"/coordinator/partnerships/{partnership.id}/transition", data={"target": "active"}
    )
    assert response.status_code == 403
