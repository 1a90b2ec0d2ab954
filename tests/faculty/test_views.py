"""Faculty see the partnerships and programs of their org units, and nothing of other units."""

from __future__ import annotations

import pytest

from exchange.accounts.roles import OrgUnitKind
from exchange.programs.states import ProgramState
from tests import factories as f
from tests.queries import count_statements


@pytest.fixture
def units():
    faculty = f.org_unit(code="ENG", name="Faculty of Engineering", kind=OrgUnitKind.FACULTY)
    department = f.org_unit(code="ENG-EE", name="Electrical Engineering", parent=faculty)
    other = f.org_unit(code="HUM", name="Faculty of Humanities", kind=OrgUnitKind.FACULTY)
    return {"faculty": faculty, "department": department, "other": other}


def test_faculty_partnership_detail_shows_conditions_and_the_calls_that_are_not_cancelled(
    login_as, units
):
    partnership = f.partnership(title="Energy with ETH", org_unit=units["department"],
                                notes="Joint master theses welcome.")  # fmt: skip
    f.condition(partnership=partnership, places_per_year=10, months_per_year=20)
    f.program(partnership=partnership, title="Open semester call")
    f.program(partnership=partnership, title="Call in preparation", state=ProgramState.DRAFT)
    f.program(partnership=partnership, title="Last year's call", state=ProgramState.CLOSED)
    f.program(partnership=partnership, title="Withdrawn call", state=ProgramState.CANCELLED)
    client = login_as(f.faculty(org_unit=units["department"]))

    response = client.get(f"/faculty/partnerships/{partnership.id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Energy with ETH" in page and partnership.partner.name in page
    assert partnership.validity_label in page and "Joint master theses welcome." in page
    assert "Outgoing (we send)" in page and "20 months" in page and "EQF 6, 7" in page
    assert "Open semester call" in page and "Published" in page
    assert "Call in preparation" in page and "Draft" in page
    assert "Last year&#39;s call" in page and "Closed" in page
    assert "Withdrawn call" not in page


@pytest.mark.parametrize("owner", ["faculty", "department", None])
def test_faculty_partnership_detail_covers_parent_faculty_departments_and_university_wide(
    login_as, units, owner
):
    partnership = f.partnership(title="Visible agreement",
                                org_unit=units[owner] if owner else None)  # fmt: skip
    member_unit = "department" if owner == "faculty" else "faculty"
    client = login_as(f.faculty(org_unit=units[member_unit]))
    response = client.get(f"/faculty/partnerships/{partnership.id}")
    assert response.status_code == 200
    assert "Visible agreement" in response.get_data(as_text=True)


def test_faculty_partnership_detail_of_another_unit_answers_404(login_as, units):
    hidden = f.partnership(title="History with Tehran", org_unit=units["other"])
    f.program(partnership=hidden, title="Persian studies semester")
    client = login_as(f.faculty(org_unit=units["department"]))

    response = client.get(f"/faculty/partnerships/{hidden.id}")
    missing = client.get("/faculty/partnerships/999999")

    assert response.status_code == 404 and missing.status_code == 404
    assert "History with Tehran" not in response.get_data(as_text=True)
    assert response.get_data(as_text=True).count("Page not found") == missing.get_data(
        as_text=True
    ).count("Page not found")


def test_faculty_program_list_shows_visible_calls_with_status_and_hides_others(login_as, units):
    mine = f.partnership(title="Energy with ETH", org_unit=units["department"])
    shared = f.partnership(title="University-wide with NUS", org_unit=None)
    foreign = f.partnership(title="History with Tehran", org_unit=units["other"])
    f.program(partnership=mine, title="Open semester call")
    f.program(partnership=mine, title="Call in preparation", state=ProgramState.DRAFT)
    f.program(partnership=mine, title="Last year's call", state=ProgramState.CLOSED)
    f.program(partnership=mine, title="Withdrawn call", state=ProgramState.CANCELLED)
    f.program(partnership=shared, title="Summer school in Singapore")
    f.program(partnership=foreign, title="Persian studies semester")
    client = login_as(f.faculty(org_unit=units["faculty"]))

    page = client.get("/faculty/programs").get_data(as_text=True)
    drafts = client.get("/faculty/programs?status=draft").get_data(as_text=True)

    assert "4 calls" in page
    for title in ("Open semester call", "Call in preparation", "Last year&#39;s call",
                  "Summer school in Singapore"):  # fmt: skip
        assert title in page
    assert "Withdrawn call" not in page and "Persian studies semester" not in page
    assert "History with Tehran" not in page
    assert f'href="/faculty/partnerships/{mine.id}"' in page
    assert "1 call" in drafts and "Call in preparation" in drafts
    assert "Open semester call" not in drafts


def test_faculty_program_list_empty_state_says_who_opens_calls(login_as, units):
    f.program(partnership=f.partnership(org_unit=units["other"]), title="Someone else's call")
    page = login_as(f.faculty(org_unit=units["faculty"])).get("/faculty/programs")
    text = page.get_data(as_text=True)
    assert "No calls for your units yet." in text and "Someone else" not in text


def test_faculty_dashboard_links_partnerships_and_programs(login_as, units):
    partnership = f.partnership(title="Energy with ETH", org_unit=units["department"])
    f.program(partnership=partnership)
    page = login_as(f.faculty(org_unit=units["department"])).get("/faculty/").get_data(as_text=True)
    assert f'href="/faculty/partnerships/{partnership.id}"' in page
    assert 'href="/faculty/programs"' in page


@pytest.mark.parametrize("url", ["/faculty/", "/faculty/programs"])
def test_faculty_list_query_count_does_not_grow_with_partnerships(login_as, units, url):
    client = login_as(f.faculty(org_unit=units["faculty"]))

    def make():
        partnership = f.partnership(org_unit=units["department"])
        f.condition(partnership=partnership)
        f.program(partnership=partnership, org_units=[units["department"]])

    def statements() -> int:
        with count_statements() as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    for _ in range(3):
        make()
    with_3 = statements()
    for _ in range(27):
        make()
    with_30 = statements()
    assert with_3 == with_30
