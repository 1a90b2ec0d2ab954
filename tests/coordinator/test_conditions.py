"""Cooperation conditions on the agreement page: add, edit, delete."""

import html

import pytest
from sqlalchemy import func, select

from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition
from exchange.partnerships.states import PartnershipState
from tests import factories as f


def _count():
    return db.session.scalar(select(func.count()).select_from(CooperationCondition))


def _text(response):
    return html.unescape(response.get_data(as_text=True))


VALID = {
    "direction": "outgoing",
    "mobility_type": "SMS",
    "places_per_year": "4",
    "months_per_year": "20",
    "days_per_year": "",
    "eqf_levels": ["6", "7"],
    "language": "en",
    "cefr_level": "B2",
}


def test_condition_create_adds_it_to_the_agreement_page(login_as):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    response = client.post(f"/coordinator/partnerships/{partnership.id}/conditions/new", data=VALID)
    assert response.status_code == 302
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert "Student studies (SMS)" in page and "20 months" in page and "EQF 6, 7" in page
    assert "English B2" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"places_per_year": "0"}, "Enter a number from 1 to 1000."),
        ({"places_per_year": ""}, "Enter the number of places per year."),
        ({"days_per_year": "10"}, "Student mobility is counted in months; leave days empty."),
        ({"mobility_type": "STA"}, "Staff mobility is counted in days; leave months empty."),
        ({"cefr_level": "D1"}, "Not a valid choice"),
        ({"months_per_year": "-3"}, "Enter a number from 1 to 1200."),
    ],
)
def test_condition_create_invalid_input_shows_message_and_saves_nothing(login_as, changes, message):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/conditions/new", data=VALID | changes
    )
    assert response.status_code == 422
    assert message in _text(response)
    assert _count() == 0


def test_condition_duplicate_pair_is_reported_beside_the_type_not_as_an_error_page(login_as):
    partnership = f.partnership()
    f.condition(partnership=partnership, direction="outgoing", mobility_type="SMS")
    client = login_as(f.coordinator())
    response = client.post(f"/coordinator/partnerships/{partnership.id}/conditions/new", data=VALID)
    assert response.status_code == 422
    page = _text(response)
    assert 'id="mobility_type-error">This agreement already has a condition for' in page
    assert _count() == 1


def test_condition_edit_changes_places(login_as):
    condition = f.condition(places_per_year=2)
    client = login_as(f.coordinator())
    url = f"/coordinator/partnerships/{condition.partnership_id}/conditions/{condition.id}/edit"
    assert "Edit cooperation condition" in _text(client.get(url))
    response = client.post(url, data=VALID | {"places_per_year": "6"})
    assert response.status_code == 302
    db.session.expire_all()
    assert condition.places_per_year == 6


def test_condition_of_another_agreement_is_404(login_as):
    condition = f.condition()
    other = f.partnership()
    url = f"/coordinator/partnerships/{other.id}/conditions/{condition.id}/edit"
    assert login_as(f.coordinator()).get(url).status_code == 404


def test_condition_delete_removes_it_and_the_button_asks_to_confirm(login_as):
    condition = f.condition()
    client = login_as(f.coordinator())
    page = _text(client.get(f"/coordinator/partnerships/{condition.partnership_id}"))
    assert 'data-confirm="Delete this condition' in page
    response = client.post(
        f"/coordinator/partnerships/{condition.partnership_id}/conditions/{condition.id}/delete"
    )
    assert response.status_code == 302
    assert _count() == 0


def test_conditions_of_a_final_agreement_cannot_be_touched(login_as):
    condition = f.condition(partnership=f.partnership(state=PartnershipState.TERMINATED))
    client = login_as(f.coordinator())
    base = f"/coordinator/partnerships/{condition.partnership_id}/conditions"
    assert client.post(f"{base}/{condition.id}/delete").status_code == 403
    assert client.get(f"{base}/new").status_code == 403
    assert _count() == 1
