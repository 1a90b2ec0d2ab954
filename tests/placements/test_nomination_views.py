"""The nomination screens: list per partner and term, nominate, answer, exports, scope."""

import html
import json
from datetime import date, timedelta

import jsonschema
import pytest
from sqlalchemy import func, select

from exchange.accounts.models import CoordinatorScope
from exchange.extensions import db
from exchange.placements.nominations.export import schema
from exchange.placements.nominations.models import Nomination, NominationStatus, PartnerAnswer
from exchange.placements.nominations.services import record_partner_answer
from tests import factories as f
from tests.placements.nomination_helpers import nominated, placed
from tests.queries import count_statements


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _count() -> int:
    return db.session.scalar(select(func.count(Nomination.id)))


def test_placed_student_is_listed_and_nominated(login_as, mailbox):
    application = placed(student=f.student(full_name="Amina Placed"))
    client = login_as(f.coordinator())
    page = _text(client.get("/coordinator/nominations"))
    assert "Amina Placed" in page and "Nominate" in page
    form = _text(client.get(f"/coordinator/applications/{application.id}/nominate"))
    assert "Planned arrival" in form
    response = client.post(f"/coordinator/applications/{application.id}/nominate", data={
        "planned_arrival": "2026-09-01", "planned_departure": "2027-01-31", "eqf_level": "6",
        "isced_code": "0613"})  # fmt: skip
    assert response.status_code == 302
    nomination = db.session.scalar(select(Nomination))
    assert nomination.planned_departure == date(2027, 1, 31)
    assert mailbox.to(application.student.email)


@pytest.mark.parametrize(
    ("dates", "shown"),
    [
        # Departure before arrival: the message stands beside the departure field.
        (("2026-09-01", "2026-08-01"), 'id="planned_departure-error"'),
        (("first of Sept", "2027-01-31"), "Enter a date as YYYY-MM-DD."),
    ],
    ids=["bad_dates_beside_the_field", "unreadable_date"],
)
def test_nominate_with_wrong_dates_422(login_as, dates, shown):
    application = placed()
    response = login_as(f.coordinator()).post(
        f"/coordinator/applications/{application.id}/nominate",
        data={"planned_arrival": dates[0], "planned_departure": dates[1]},
    )
    assert response.status_code == 422
    assert shown in _text(response)
    assert _count() == 0


def test_partner_answer_rejection_shows_the_next_step(login_as):
    nomination = nominated(placed(student=f.student(full_name="Bruno Returned")))
    client = login_as(f.coordinator())
    bad = client.post(
        f"/coordinator/nominations/{nomination.id}/answer",
        data={"answer": "rejected", "answered_on": "2026-05-01", "reason": ""},
    )
    assert bad.status_code == 422 and 'id="reason-error"' in _text(bad)
    ok = client.post(f"/coordinator/nominations/{nomination.id}/answer",
                     data={"answer": "rejected", "answered_on": "2026-05-01",
                           "reason": "No Law places."})  # fmt: skip
    assert ok.status_code == 302
    page = _text(client.get("/coordinator/nominations"))
    assert "Rejected by the partner: offer another destination or cancel." in page
    detail = _text(client.get(f"/coordinator/nominations/{nomination.id}"))
    assert "No Law places." in detail and "Also cancel the student" in detail


def test_cancel_from_the_detail_page(login_as):
    nomination = nominated(placed())
    client = login_as(f.coordinator())
    url = f"/coordinator/nominations/{nomination.id}/status/cancelled"
    assert client.post(url, data={"note": ""}).status_code == 422
    assert client.post(url, data={"note": "Student ill."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.CANCELLED


def test_filters_by_partner(login_as):
    one = nominated(placed(student=f.student(full_name="Chen Partner One")))
    other = nominated(placed(student=f.student(full_name="Dalia Partner Two")))
    page = _text(
        login_as(f.coordinator()).get(f"/coordinator/nominations?partner={one.partner_id}")
    )
    assert "Chen Partner One" in page and other.application.student.full_name not in page


def test_exports_validate_and_follow_the_filters(login_as):
    f.home_institution()
    first = nominated(placed())
    nominated(placed())
    record_partner_answer(first, actor=f.coordinator(), answer="accepted",
                          answered_on=date(2026, 5, 1))  # fmt: skip
    db.session.commit()
    client = login_as(f.coordinator())
    response = client.get("/coordinator/nominations.json")
    assert response.mimetype == "application/json"
    document = json.loads(response.get_data(as_text=True))
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    assert len(document["omobilities"]) == 2
    filtered = json.loads(client.get("/coordinator/nominations.json?answer=accepted").data)
    assert [i["omobility-id"] for i in filtered["omobilities"]] == [str(first.id)]
    csv_response = client.get(f"/coordinator/nominations.csv?partner={first.partner_id}")
    assert csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    assert len(csv_response.get_data(as_text=True).strip().splitlines()) == 2


def test_out_of_scope_nomination_is_hidden(login_as):
    nomination = nominated(placed(student=f.student(full_name="Hidden Student")))
    scoped = f.coordinator()
    scoped.scope_rows = [CoordinatorScope(org_unit_id=f.org_unit().id)]
    db.session.commit()
    client = login_as(scoped)
    assert client.get(f"/coordinator/nominations/{nomination.id}").status_code == 404
    assert "Hidden Student" not in _text(client.get("/coordinator/nominations"))
    f.home_institution()
    assert json.loads(client.get("/coordinator/nominations.json").data)["omobilities"] == []


def test_answer_recorded_once_from_the_page(login_as):
    nomination = nominated(placed())
    record_partner_answer(nomination, actor=f.coordinator(), answer="accepted",
                          answered_on=date(2026, 5, 1))  # fmt: skip
    db.session.commit()
    response = login_as(f.coordinator()).post(
        f"/coordinator/nominations/{nomination.id}/answer",
        data={"answer": "rejected", "answered_on": "2026-05-02", "reason": "Changed."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).partner_answer == PartnerAnswer.ACCEPTED


def test_list_query_count_is_constant(login_as):
    client = login_as(f.coordinator())

    def make(n):
        for _ in range(n):
            nominated(placed())
            placed()

    make(3)
    with count_statements() as few:
        assert client.get("/coordinator/nominations").status_code == 200
    make(27)
    with count_statements() as many:
        assert client.get("/coordinator/nominations").status_code == 200
    assert len(few) == len(many)


def test_rejected_nomination_links_to_offering_another_destination(login_as, mailbox):
    from tests.placements.offer_helpers import call_with_programs, held

    _, (first, second) = call_with_programs((1, 1), released=True, offer_days=6)
    application = placed(first, student=f.student(full_name="Elif Returned"))
    nomination = nominated(application)
    client = login_as(f.coordinator())
    pending = _text(client.get(f"/coordinator/nominations/{nomination.id}"))
    decide = f"/coordinator/applications/{application.id}/decide"
    assert decide not in pending
    client.post(
        f"/coordinator/nominations/{nomination.id}/answer",
        data={"answer": "rejected", "answered_on": "2026-05-01", "reason": "Full."},
    )
    detail = _text(client.get(f"/coordinator/nominations/{nomination.id}"))
    assert f'href="{decide}"' in detail and "Offer another destination" in detail
    page = _text(client.get(decide))
    assert "The partner rejected the nomination to" in page
    mailbox.clear()
    response = client.post(decide, data={"decision": "offer", "program_id": second.id,
                                         "reason": "Lyon has a place."})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert (held(first), held(second)) == (0, 1)
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.CANCELLED
    mail = mailbox.to(application.student.email)[-1].get_content()
    deadline = (date.today() + timedelta(days=6)).isoformat()
    assert second.title in mail and deadline in mail and "Lyon has a place." in mail
    after = _text(client.get(f"/coordinator/nominations/{nomination.id}"))
    assert f'href="{decide}"' not in after
