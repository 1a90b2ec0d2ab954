"""The office's visit screens: the list with its filters, staff days, upcoming, and their
constant number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta

from exchange.partnerships.states import MobilityType
from exchange.visits.staff_days import academic_year_of
from tests import factories as f
from tests.queries import statements_for
from tests.visits.incoming_helpers import DAY, YEAR, agreement, incoming_visit, outgoing_visit


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_visit_list_shows_the_visits_with_links_to_their_office_page(login_as):
    p = agreement(outgoing={"STA": 30}, title="Teaching with Bologna")
    visit = outgoing_visit(p, state="submitted", proposer=f.faculty(full_name="Dr. Rosa Proposer"))
    outgoing_visit(p, state="draft", proposer=f.faculty(full_name="Dr. Private Draft"))
    page = _text(login_as(f.coordinator()).get("/coordinator/visits"))
    assert f'href="/coordinator/visit-approvals/{visit.id}">Dr. Rosa Proposer</a>' in page
    assert "Teaching with Bologna" in page and "Submitted" in page
    assert "Dr. Private Draft" not in page
    assert "1 visit" in page


def test_visit_list_filters_from_the_url_and_offers_to_clear_them(login_as):
    p = agreement(outgoing={"STA": 30, "STT": 30})
    outgoing_visit(p, state="approved", proposer=f.faculty(full_name="Approved Person"))
    outgoing_visit(p, state="submitted", proposer=f.faculty(full_name="Pending Person"))
    client = login_as(f.coordinator())
    page = _text(client.get("/coordinator/visits?state=approved&type=teaching"))
    assert "Approved Person" in page and "Pending Person" not in page
    assert 'option value="approved" selected' in page
    page = _text(client.get("/coordinator/visits?state=rejected"))
    assert "No visit matches these filters." in page and "Clear filters" in page


def test_visit_list_empty_says_where_visits_come_from(login_as):
    page = _text(login_as(f.coordinator()).get("/coordinator/visits"))
    assert "No visit proposals submitted yet." in page


def test_staff_days_page_shows_the_numbers_and_the_incoming_visitors(login_as):
    p = agreement(outgoing={"STA": 30}, incoming={"STA": 20}, title="Staff with Lyon")
    outgoing_visit(p, state="approved", start_date=DAY, end_date=DAY + timedelta(days=4))
    outgoing_visit(p, state="submitted", start_date=DAY + timedelta(days=10),
                   end_date=DAY + timedelta(days=12))  # fmt: skip
    scholar = incoming_visit(p, visitor_name="Ines Visiting", state="confirmed")
    page = _text(login_as(f.coordinator()).get(f"/coordinator/visits/staff-days?year={YEAR}"))
    assert f"Staff days in {YEAR}/{YEAR + 1}" in page
    outgoing = re.search(r'data-direction="outgoing" data-type="STA">(.*?)</tr>', page).group(1)
    numbers = re.findall(r'class="text-end[^"]*">\s*([^<]*?)\s*<', outgoing)
    assert numbers == ["30", "5", "3", "8", "22"]
    incoming = re.search(r'data-direction="incoming" data-type="STA">(.*?)</tr>', page).group(1)
    assert re.findall(r'class="text-end[^"]*">\s*([^<]*?)\s*<', incoming) == [
        "20", "5", "0", "5", "15"]  # fmt: skip
    assert f'href="/coordinator/incoming-visits/{scholar.id}">Ines Visiting</a>' in incoming
    assert f"/coordinator/incoming-visits/new?partnership={p.id}" in page


def test_staff_days_page_defaults_to_this_year_and_ignores_a_bad_year(login_as):
    client = login_as(f.coordinator())
    this_year = academic_year_of(date.today())
    for url in ("/coordinator/visits/staff-days", "/coordinator/visits/staff-days?year=abc",
                "/coordinator/visits/staff-days?year=99999"):  # fmt: skip
        page = _text(client.get(url))
        assert f"Staff days in {this_year}/{this_year + 1}" in page
        assert "No agreement with staff mobility covers" in page


def test_upcoming_page_lists_both_directions_by_month(login_as):
    p = agreement(outgoing={"STA": 100}, incoming={"STA": 100})
    soon = date.today() + timedelta(days=10)
    outgoing_visit(p, state="approved", start_date=soon, end_date=soon + timedelta(days=3),
                   proposer=f.faculty(full_name="Outgoing Olga"))  # fmt: skip
    incoming_visit(p, visitor_name="Incoming Ivan", start_date=soon,
                   end_date=soon + timedelta(days=3))  # fmt: skip
    page = _text(login_as(f.coordinator()).get("/coordinator/visits/upcoming"))
    assert "Outgoing Olga" in page and "Incoming Ivan" in page
    assert f"to {p.partner.name}" in page and f"from {p.partner.name}" in page
    assert soon.strftime("%B %Y") in page


def test_upcoming_page_empty_says_what_appears_there(login_as):
    page = _text(login_as(f.coordinator()).get("/coordinator/visits/upcoming"))
    assert "No visit in the next 90 days." in page


# --- Constant queries -----------------------------------------------------------------------


def _visits(n):
    p = agreement(outgoing={"STA": 1000, "STT": 1000}, incoming={"STA": 1000})
    soon = dict(start_date=date.today() + timedelta(days=n % 60),
                end_date=date.today() + timedelta(days=n % 60 + 2))  # fmt: skip
    outgoing_visit(p, state="submitted", proposer=f.faculty(org_unit=f.org_unit()), **soon)
    outgoing_visit(p, state="approved", mobility_type=MobilityType.STT, visit_type="training",
                   start_date=DAY, end_date=DAY + timedelta(days=2))  # fmt: skip
    incoming_visit(p, host_unit=f.org_unit(), partner_unit=f.org_unit(institution=p.partner),
                   **soon)  # fmt: skip


URLS = [
    "/coordinator/visits",
    "/coordinator/visits?state=submitted&type=teaching",
    f"/coordinator/visits/staff-days?year={YEAR}",
    f"/coordinator/visits/staff-days?year={academic_year_of(date.today())}",
    "/coordinator/visits/upcoming",
    "/coordinator/incoming-visits",
]


def test_visit_pages_run_the_same_number_of_queries_for_3_and_30_rows(login_as, app):
    app.config["PAGE_SIZE"] = 50  # every row on one page, so the page really grows
    try:
        client = login_as(f.coordinator())
        for n in range(3):
            _visits(n)
        with_3 = [statements_for(client, url) for url in URLS]
        for n in range(3, 30):
            _visits(n)
        with_30 = [statements_for(client, url) for url in URLS]
    finally:
        app.config["PAGE_SIZE"] = 20
    assert with_3 == with_30
