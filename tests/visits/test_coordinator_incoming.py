"""The coordinator's incoming-visitor screens: record with errors beside the fields, confirm,
complete, cancel, change."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.partnerships.states import PartnershipState
from exchange.visits.incoming.models import IncomingState, IncomingVisit
from tests import factories as f
from tests.visits.incoming_helpers import DAY, agreement, incoming_visit

URL = "/coordinator/incoming-visits"


def _post_data(partnership, host, **kw) -> dict:
    return {
        "partnership_id": partnership.id,
        "visit_type": "teaching",
        "visitor_name": "Ana Lopez",
        "visitor_email": "Ana.Lopez@partner.example",
        "position": "Associate Professor",
        "partner_unit_id": "",
        "start_date": DAY.isoformat(),
        "end_date": (DAY + timedelta(days=4)).isoformat(),
        "host_id": host.id,
        "host_unit_id": "",
        "purpose": "Guest lectures",
        "teaching_hours": "8",
    } | kw


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(IncomingVisit))


def _error_beside(html: str, field: str) -> str:
    """The text of the error shown under one field."""
    found = re.search(rf'id="{field}-error">([^<]*)<', html)
    assert found, f"no error beside {field}"
    return found.group(1).replace("&#39;", "'")


def test_record_a_visitor_saves_it_and_shows_the_detail(login_as):
    coordinator = f.coordinator()
    partnership, host = agreement(incoming={"STA": 20}), f.faculty(full_name="Prof. Host")
    client = login_as(coordinator)
    response = client.post(URL + "/new", data=_post_data(partnership, host))
    assert response.status_code == 302
    visit = db.session.scalar(select(IncomingVisit))
    assert response.headers["Location"].endswith(f"{URL}/{visit.id}")
    assert (visit.visitor_email, visit.state, visit.host_id) == (
        "ana.lopez@partner.example", IncomingState.RECORDED, host.id)  # fmt: skip
    page = client.get(f"{URL}/{visit.id}").get_data(as_text=True)
    assert "Ana Lopez" in page and "Prof. Host" in page and "Confirm visit" in page


def test_form_offers_active_agreements_with_an_incoming_staff_condition_only(login_as):
    good = agreement(incoming={"STT": 10}, title="Good agreement")
    agreement(outgoing={"STA": 10}, title="Outgoing only")
    agreement(incoming={"STA": 10}, title="Suspended one", state=PartnershipState.SUSPENDED)
    f.condition(partnership=f.partnership(title="Students only"), direction="incoming")
    page = login_as(f.coordinator()).get(URL + "/new").get_data(as_text=True)
    assert f'<option value="{good.id}">Good agreement' in page
    for title in ("Outgoing only", "Suspended one", "Students only"):
        assert title not in page


def test_form_shows_the_days_left_for_the_chosen_agreement(login_as):
    partnership = agreement(incoming={"STA": 20})
    incoming_visit(partnership, start_date=date.today() + timedelta(days=3))
    page = login_as(f.coordinator()).get(f"{URL}/new?partnership={partnership.id}")
    text = page.get_data(as_text=True)
    assert re.search(r"<td>STA</td><td class=\"text-end\">20</td><td class=\"text-end\">5</td>"
                     r"<td class=\"text-end\">15</td>", text)  # fmt: skip


def test_quota_refusal_is_shown_beside_the_last_day_with_422_and_nothing_saved(login_as):
    partnership, host = agreement(incoming={"STA": 6}), f.faculty()
    incoming_visit(partnership, start_date=DAY + timedelta(days=20))  # takes 5 of 6
    before = _count()
    response = login_as(f.coordinator()).post(URL + "/new", data=_post_data(partnership, host))
    assert response.status_code == 422
    message = _error_beside(response.get_data(as_text=True), "end_date")
    assert "5 are recorded or confirmed, so 1 remain, and this visit needs 5" in message
    assert _count() == before


def test_bad_dates_are_shown_beside_their_fields(login_as):
    partnership, host = agreement(incoming={"STA": 60}), f.faculty()
    client = login_as(f.coordinator())
    cases = [
        ({"end_date": DAY.isoformat()}, "end_date", "A visit lasts 2 to 60 days on site"),
        ({"end_date": (DAY - timedelta(days=3)).isoformat()}, "end_date",
         "The visit cannot end before it starts."),
        ({"start_date": "1999-10-01", "end_date": "1999-10-05"}, "start_date",
         "The agreement runs from"),
        ({"start_date": "not a date"}, "start_date", "Not a valid date value."),
    ]  # fmt: skip
    for extra, field, message in cases:
        response = client.post(URL + "/new", data=_post_data(partnership, host, **extra))
        assert response.status_code == 422
        assert message in _error_beside(response.get_data(as_text=True), field)
    assert _count() == 0


def test_missing_fields_are_named_and_nothing_saved(login_as):
    agreement(incoming={"STA": 20})
    response = login_as(f.coordinator()).post(URL + "/new", data={"visit_type": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_beside(html, "partnership_id") == "Choose the agreement the visit comes under."
    assert _error_beside(html, "visitor_email") == "Enter the visitor's e-mail address."
    assert _count() == 0


def test_an_agreement_outside_the_scope_is_refused_beside_the_field(login_as):
    mine, theirs = f.org_unit(), f.org_unit()
    coordinator = f.coordinator(org_unit=mine)
    from exchange.accounts.models import CoordinatorScope

    db.session.add(CoordinatorScope(user_id=coordinator.id, org_unit_id=mine.id))
    db.session.commit()
    agreement(incoming={"STA": 20}, org_unit=mine)  # the form has something to offer
    partnership = agreement(incoming={"STA": 20}, org_unit=theirs)
    response = login_as(coordinator).post(URL + "/new", data=_post_data(partnership, f.faculty()))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_beside(html, "partnership_id") == "Choose an agreement from the list."
    assert _count() == 0


def test_form_without_any_usable_agreement_says_how_to_get_one(login_as):
    agreement(outgoing={"STA": 10})
    page = login_as(f.coordinator()).get(URL + "/new").get_data(as_text=True)
    assert "No agreement can take an incoming visitor." in page
    assert 'name="visitor_name"' not in page


def test_confirm_moves_the_visit_and_notifies_the_host(login_as, mailbox):
    host = f.faculty()
    visit = incoming_visit(host=host)
    response = login_as(f.coordinator()).post(f"{URL}/{visit.id}/confirm")
    assert response.status_code == 302
    db.session.refresh(visit)
    assert visit.state == IncomingState.CONFIRMED
    assert [n.kind for n in db.session.scalars(select(Notice))] == ["incoming_visit.confirmed"]
    assert len(mailbox.to(host.email)) == 1


def test_complete_before_the_last_day_is_not_offered_and_refused(login_as):
    visit = incoming_visit(state="confirmed", start_date=date.today(),
                           end_date=date.today() + timedelta(days=3))  # fmt: skip
    client = login_as(f.coordinator())
    assert "Mark completed" not in client.get(f"{URL}/{visit.id}").get_data(as_text=True)
    assert client.post(f"{URL}/{visit.id}/complete").status_code == 403
    db.session.refresh(visit)
    assert visit.state == IncomingState.CONFIRMED


def test_complete_after_the_last_day(login_as):
    visit = incoming_visit(state="confirmed", start_date=date.today() - timedelta(days=5),
                           end_date=date.today() - timedelta(days=1))  # fmt: skip
    client = login_as(f.coordinator())
    assert "Mark completed" in client.get(f"{URL}/{visit.id}").get_data(as_text=True)
    client.post(f"{URL}/{visit.id}/complete")
    db.session.refresh(visit)
    assert visit.state == IncomingState.COMPLETED


def test_cancel_without_a_reason_shows_the_error_beside_it(login_as):
    visit = incoming_visit()
    response = login_as(f.coordinator()).post(f"{URL}/{visit.id}/cancel", data={"reason": " "})
    assert response.status_code == 422
    assert _error_beside(response.get_data(as_text=True), "reason") == (
        "Say why the visit is cancelled."
    )
    db.session.refresh(visit)
    assert visit.state == IncomingState.RECORDED


def test_cancel_with_a_reason(login_as):
    visit = incoming_visit()
    client = login_as(f.coordinator())
    response = client.post(f"{URL}/{visit.id}/cancel", data={"reason": "Visa refused"})
    assert response.status_code == 302
    db.session.refresh(visit)
    assert (visit.state, visit.cancel_reason) == (IncomingState.CANCELLED, "Visa refused")
    page = client.get(f"{URL}/{visit.id}").get_data(as_text=True)
    assert "Visa refused" in page and "Cancel visit" not in page and "Confirm visit" not in page


def test_edit_changes_the_visit_and_the_history_names_the_fields(login_as):
    partnership, host = agreement(incoming={"STA": 20}), f.faculty()
    visit = incoming_visit(partnership, host=host, visitor_email="ana@partner.example")
    client = login_as(f.coordinator())
    assert client.get(f"{URL}/{visit.id}/edit").status_code == 200
    data = _post_data(partnership, host, visitor_email="ana@partner.example",
                      end_date=(DAY + timedelta(days=6)).isoformat())  # fmt: skip
    response = client.post(f"{URL}/{visit.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(visit)
    assert visit.days == 7
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "incoming_visit.update")
    )
    assert event.after["end_date"] == (DAY + timedelta(days=6)).isoformat()
    page = client.get(f"{URL}/{visit.id}").get_data(as_text=True)
    assert "last day" in page


def test_list_filters_by_state_and_says_how_to_fill_an_empty_list(login_as):
    incoming_visit(visitor_name="Recorded Person")
    incoming_visit(visitor_name="Confirmed Person", state="confirmed")
    client = login_as(f.coordinator())
    page = client.get(URL + "?state=confirmed").get_data(as_text=True)
    assert "Confirmed Person" in page and "Recorded Person" not in page
    page = client.get(URL + "?state=cancelled").get_data(as_text=True)
    assert "No cancelled visitor." in page


def test_editing_under_an_agreement_no_longer_offered_keeps_it_and_explains(login_as):
    partnership, host = agreement(incoming={"STA": 20}, title="Paused agreement"), f.faculty()
    visit = incoming_visit(partnership, host=host, visitor_email="ana@partner.example")
    partnership.state = PartnershipState.SUSPENDED
    db.session.commit()
    client = login_as(f.coordinator())
    page = client.get(f"{URL}/{visit.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{partnership.id}">Paused agreement' in page
    response = client.post(f"{URL}/{visit.id}/edit", data=_post_data(
        partnership, host, visitor_email="ana@partner.example"))  # fmt: skip
    assert response.status_code == 422
    assert _error_beside(response.get_data(as_text=True), "partnership_id") == (
        "The agreement is Suspended; visits come under active agreements only."
    )
