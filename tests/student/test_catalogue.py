"""The students' catalogue: what it lists, each filter and the search, pagination, the number
of queries per page, and the program page."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from exchange.accounts.roles import StudyLevel
from exchange.extensions import db
from exchange.partnerships.states import MobilityType, PartnershipState
from exchange.programs.models import Program, program_org_units
from exchange.programs.states import ProgramState, Term
from tests import factories as f
from tests.conftest import _empty_all_tables
from tests.queries import counted_get

TODAY = date.today()
YEAR = TODAY.year
CARD_TITLE = re.compile(r'<h3 class="h6 card-title mb-1"><a href="[^"]*">([^<]*)</a>')


def _titles(response) -> set[str]:
    assert response.status_code == 200
    return {html.unescape(t) for t in CARD_TITLE.findall(response.get_data(as_text=True))}


@pytest.fixture
def world():
    """Four visible calls in three countries, and five that students must never see."""
    nano = f.org_unit(name="Department of Nanotechnology")
    history = f.org_unit(name="Department of History")
    cam = f.institution(name="University of Cambridge", country="GB")
    ox = f.institution(name="University of Oxford", country="GB")
    uoft = f.institution(name="University of Toronto", country="CA")
    ut = f.institution(name="University of Tehran", country="IR")
    p_cam = f.partnership(partner=cam, subject_areas=["0533", "0719"])
    p_ox = f.partnership(partner=ox, subject_areas=["0512", "0912"])
    p_uoft = f.partnership(partner=uoft, subject_areas=["0613"])
    p_ut = f.partnership(partner=ut, subject_areas=["0222"])
    suspended = f.partnership(partner=cam, subject_areas=["0533"],
                              state=PartnershipState.SUSPENDED)  # fmt: skip
    f.program(
        partnership=p_cam,
        title="Nanotech at Cambridge",
        eqf_levels=["7", "8"],
        cefr_level="C1",
        min_gpa=Decimal("3.20"),
        org_units=[nano],
        description="Thin films and 100% lab work.",
    )
    f.program(
        partnership=p_ox,
        title="Biomed internship at Oxford",
        eqf_levels=["7", "8"],
        mobility_type=MobilityType.SMT,
        term=Term.SUMMER,
        org_units=[history],
    )
    f.program(
        partnership=p_uoft,
        title="AI year in Toronto",
        eqf_levels=["6", "7"],
        term=Term.YEAR,
        academic_year=YEAR + 1,
    )
    f.program(
        partnership=p_ut,
        title="Persian studies in Tehran",
        eqf_levels=[],
        language="fa",
        cefr_level="B1",
        opens_on=TODAY + timedelta(days=5),
        closes_on=TODAY + timedelta(days=40),
    )
    # Never listed:
    f.program(partnership=p_cam, title="Draft call", state=ProgramState.DRAFT)
    f.program(partnership=p_cam, title="Cancelled call", state=ProgramState.CANCELLED)
    f.program(partnership=p_cam, title="Closed call", state=ProgramState.CLOSED)
    f.program(
        partnership=p_cam,
        title="Deadline passed",
        opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY - timedelta(days=1),
    )
    f.program(partnership=suspended, title="Under a suspended agreement")
    student = f.student(org_unit=nano, study_level=StudyLevel.MASTER, gpa=Decimal("3.50"))
    f.student_language(student, "en", "C1")
    return {"student": student, "cam": cam, "nano": nano}


VISIBLE = {"Nanotech at Cambridge", "Biomed internship at Oxford", "AI year in Toronto",
           "Persian studies in Tehran"}  # fmt: skip


def test_catalogue_lists_open_and_upcoming_calls_only(login_as, world):
    client = login_as(world["student"])
    assert _titles(client.get("/student/programs")) == VISIBLE


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"q": "cambridge"}, {"Nanotech at Cambridge"}),  # partner name, any case
        ({"q": "Toronto"}, {"AI year in Toronto"}),  # title
        ({"q": "thin FILMS"}, {"Nanotech at Cambridge"}),  # description
        ({"q": "100%"}, {"Nanotech at Cambridge"}),  # % is a character, not a wildcard
        ({"q": "_"}, set()),
        ({"q": "Draft"}, set()),
        ({"country": "GB"}, {"Nanotech at Cambridge", "Biomed internship at Oxford"}),
        ({"country": "IR"}, {"Persian studies in Tehran"}),
        ({"subject": "05"}, {"Nanotech at Cambridge", "Biomed internship at Oxford"}),
        ({"subject": "053"}, {"Nanotech at Cambridge"}),
        ({"subject": "0533"}, {"Nanotech at Cambridge"}),
        ({"subject": "0531"}, set()),
        ({"subject": "06"}, {"AI year in Toronto"}),
        ({"language": "fa"}, {"Persian studies in Tehran"}),
        ({"language": "en"}, VISIBLE - {"Persian studies in Tehran"}),
        # A call without level limits is open to every level.
        ({"level": "6"}, {"AI year in Toronto", "Persian studies in Tehran"}),
        ({"level": "8"}, {"Nanotech at Cambridge", "Biomed internship at Oxford",
                          "Persian studies in Tehran"}),
        ({"term": f"{YEAR + 1}/{YEAR + 2}-year"}, {"AI year in Toronto"}),
        ({"term": f"{YEAR}/{YEAR + 1}-summer"}, {"Biomed internship at Oxford"}),
        ({"type": "SMT"}, {"Biomed internship at Oxford"}),
        ({"type": "SMS"}, VISIBLE - {"Biomed internship at Oxford"}),
        # Master in nanotechnology with English C1 and GPA 3.50; no Persian.
        ({"eligible": "1"}, {"Nanotech at Cambridge", "AI year in Toronto"}),
        ({"eligible": "1", "country": "GB"}, {"Nanotech at Cambridge"}),
        # Unknown values are ignored rather than trusted.
        ({"country": "'; drop", "level": "9", "term": "soon", "type": "XYZ"}, VISIBLE),
    ],
)  # fmt: skip
def test_each_filter_and_the_search_return_exactly_the_expected_calls(
    login_as, world, args, expected
):
    client = login_as(world["student"])
    assert _titles(client.get("/student/programs", query_string=args)) == expected


def test_partner_filter(login_as, world):
    client = login_as(world["student"])
    response = client.get("/student/programs", query_string={"partner": world["cam"].id})
    assert _titles(response) == {"Nanotech at Cambridge"}


def test_eligible_filter_keeps_upcoming_calls_the_student_qualifies_for(login_as, world):
    f.student_language(world["student"], "fa", "B2")
    client = login_as(world["student"])
    response = client.get("/student/programs", query_string={"eligible": "1"})
    assert _titles(response) == {"Nanotech at Cambridge", "AI year in Toronto",
                                 "Persian studies in Tehran"}  # fmt: skip


def test_cards_show_the_verdict_with_the_exact_reasons(login_as, world):
    client = login_as(world["student"])
    page = client.get("/student/programs").get_data(as_text=True)

    assert "Open to the Department of History only; you are in the Department of " in page
    assert "Add your Persian level to your profile." in page
    assert "You are eligible." in page
    assert f"Applications open on {(TODAY + timedelta(days=5)).isoformat()}." in page


def test_filter_choices_come_from_the_listed_calls(login_as, world):
    f.institution(name="University of Nowhere", country="NZ")  # no call: not offered
    page = login_as(world["student"]).get("/student/programs").get_data(as_text=True)

    assert '<option value="IR" >Iran</option>' in page or ">Iran</option>" in page
    assert "University of Nowhere" not in page
    assert "New Zealand" not in page


def test_empty_result_says_how_to_widen_the_search(login_as, world):
    client = login_as(world["student"])
    page = client.get("/student/programs", query_string={"q": "quantum gravity", "eligible": "1"})
    text = page.get_data(as_text=True)

    assert "No programs match these filters." in text
    assert "Remove a filter or shorten the search" in text
    assert "Untick" in text


def test_empty_catalogue_says_what_to_do(login_as):
    page = login_as(f.student()).get("/student/programs").get_data(as_text=True)
    assert "No programs are open or upcoming right now." in page


def test_pagination_keeps_the_filters(app, login_as):
    partnership = f.partnership(partner=f.institution(country="CA"))
    f.programs_in_bulk(app.config["PAGE_SIZE"] + 5, partnership)
    f.program(title="Elsewhere", partnership=f.partnership(partner=f.institution(country="GB")))
    client = login_as(f.student())

    first = client.get("/student/programs", query_string={"country": "CA"})
    second = client.get("/student/programs", query_string={"country": "CA", "page": 2})

    assert len(_titles(first)) == app.config["PAGE_SIZE"]
    assert len(_titles(second)) == 5
    assert _titles(first).isdisjoint(_titles(second))
    assert "country=CA" in re.search(r'href="([^"]*page=2[^"]*)"',
                                     first.get_data(as_text=True)).group(1)  # fmt: skip
    assert "Page 2 of 2" in second.get_data(as_text=True)


def _bulk_world(count: int):
    """`count` calls across three partners, each call open to two units."""
    units = [f.org_unit(), f.org_unit()]
    partnerships = [f.partnership(partner=f.institution(country=c)) for c in ("GB", "CA", "IR")]
    for i, partnership in enumerate(partnerships):
        f.programs_in_bulk(count // 3 + (1 if i < count % 3 else 0), partnership,
                           min_gpa=Decimal("3.00"))  # fmt: skip
    ids = db.session.scalars(select(Program.id)).all()
    db.session.execute(
        insert(program_org_units),
        [{"program_id": p, "org_unit_id": u.id} for p in ids for u in units],
    )
    db.session.commit()
    student = f.student(org_unit=units[0])
    f.student_language(student, "en", "C1")
    return student


@pytest.mark.parametrize("query", ["", "?eligible=1&country=GB&q=bulk&level=7"])
def test_catalogue_query_count_does_not_grow_with_programs(app, login_as, query):
    counts = {}
    for n in (5, 500):
        student = _bulk_world(n)
        client = login_as(student)
        response, statements = counted_get(client, "/student/programs" + query)
        counts[n] = len(statements), len(_titles(response))
        _empty_all_tables()

    # (statements, cards shown): a full page with 500 calls, all five with 5 (or the GB ones).
    assert counts[5][0] == counts[500][0], counts
    assert counts[500][1] == app.config["PAGE_SIZE"]
    print("catalogue page statements:", counts)


def _program_page(client, title: str):
    """The student's page of the world's program called `title`."""
    program = db.session.scalar(select(Program).where(Program.title == title))
    return client.get(f"/student/programs/{program.id}")


def test_dashboard_cards_show_the_verdict_and_link_the_catalogue(login_as, world):
    page = login_as(world["student"]).get("/student/").get_data(as_text=True)

    assert "You are eligible." in page
    assert "Open to the Department of History only" in page
    assert 'href="/student/programs"' in page
    assert 'href="/student/profile"' in page


def test_program_page_shows_requirements_and_verdict(login_as, world):
    page = _program_page(login_as(world["student"]), "Nanotech at Cambridge")
    text = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "You are eligible." in text
    assert "Master (EQF 7), Doctoral (EQF 8)" in text
    assert "3.20" in text
    assert "Department of Nanotechnology" in text
    assert "Motivation letter, Transcript of records" in text


def test_program_page_for_an_upcoming_call(login_as, world):
    page = _program_page(login_as(world["student"]), "Persian studies in Tehran")
    assert page.status_code == 200
    assert "Add your Persian level to your profile." in page.get_data(as_text=True)


@pytest.mark.parametrize("title", ["Draft call", "Cancelled call", "Closed call",
                                   "Deadline passed", "Under a suspended agreement"])  # fmt: skip
def test_program_page_is_404_for_calls_students_cannot_see(login_as, world, title):
    response = _program_page(login_as(world["student"]), title)
    assert response.status_code == 404
    assert title not in response.get_data(as_text=True)


def test_program_page_is_404_for_a_call_that_does_not_exist(login_as, world):
    assert login_as(world["student"]).get("/student/programs/999999").status_code == 404


def test_another_role_cannot_reach_the_program_page(login_as, world):
    response = _program_page(login_as(f.coordinator()), "AI year in Toronto")
    assert response.status_code == 403
    assert "AI year in Toronto" not in response.get_data(as_text=True)


def test_a_page_past_the_end_links_back_to_the_first(login_as, world):
    response = login_as(world["student"]).get("/student/programs?country=GB&page=40")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This page is past the end of the list." in text
    assert 'href="/student/programs?country=GB"' in text
