"""The places and quota page of an agreement: numbers per year and condition, the balance."""

import html
import re

import pytest

from exchange.programs.states import ProgramState
from tests import factories as f
from tests.queries import count_statements


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _row(page: str, year: int, line: str) -> str:
    section = page.split(f'id="year-{year}"', 1)[1].split("</section>", 1)[0]
    return section.split(f'data-line="{line}"', 1)[1].split("</tr>", 1)[0]


def _cell(row: str, name: str) -> str:
    return re.sub(r"<[^>]+>", "", row.split(f"data-{name}>", 1)[1].split("</td>", 1)[0]).strip()


@pytest.fixture
def agreement():
    partnership = f.partnership(title="AI with Toronto", first_year=2026, last_year=2027)
    f.condition(partnership=partnership, places_per_year=4)
    f.condition(partnership=partnership, direction="incoming", places_per_year=3)
    f.condition(partnership=partnership, mobility_type="STA", places_per_year=2,
                months_per_year=None, days_per_year=10)  # fmt: skip
    f.program(partnership=partnership, title="AI year", academic_year=2026, seats=3)
    f.program(partnership=partnership, title="Withdrawn offer", academic_year=2026, seats=1,
              state=ProgramState.CANCELLED)  # fmt: skip
    f.program(partnership=partnership, title="Spring AI", academic_year=2027, seats=4)
    return partnership


def test_quota_page_shows_places_offered_and_remaining_per_year(login_as, agreement):
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{agreement.id}/quota"))

    sms_2026 = _row(page, 2026, "outgoing-SMS")
    assert (_cell(sms_2026, "offered"), _cell(sms_2026, "remaining")) == ("3", "1")
    assert "AI year" in sms_2026 and "Withdrawn offer" not in page
    sms_2027 = _row(page, 2027, "outgoing-SMS")
    assert (_cell(sms_2027, "offered"), _cell(sms_2027, "remaining")) == ("4", "Full")
    sta_2026 = _row(page, 2026, "outgoing-STA")
    assert (_cell(sta_2026, "offered"), _cell(sta_2026, "remaining")) == ("0", "2")
    assert "Partner’s nominations: filled by the partner" in _row(page, 2026, "incoming-SMS")


def test_quota_page_shows_the_balance_and_says_incoming_is_not_recorded(login_as, agreement):
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{agreement.id}/quota"))
    row = page.split('data-year="2026"', 1)[1].split("</tr>", 1)[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells == ["6", "3", "+3", "3"]
    assert "Incoming nominations are not recorded in Exchange yet" in page
    # Applications are counted (see below); placements come later, so no "Filled" column yet.
    assert "Filled" not in page


def test_quota_page_without_conditions_says_how_to_add_them(login_as):
    partnership = f.partnership()
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{partnership.id}/quota"))
    assert "This agreement has no cooperation conditions yet." in page
    assert f"/coordinator/partnerships/{partnership.id}/conditions/new" in page


def test_partnership_detail_links_to_the_quota_page(login_as, agreement):
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{agreement.id}"))
    assert f'href="/coordinator/partnerships/{agreement.id}/quota">Places and quota</a>' in page


def test_quota_page_query_count_does_not_grow_with_programs(login_as):
    partnership = f.partnership()
    f.condition(partnership=partnership, places_per_year=100)
    client = login_as(f.coordinator())
    url = f"/coordinator/partnerships/{partnership.id}/quota"

    def statements() -> int:
        with count_statements() as found:
            assert client.get(url).status_code == 200
        return len(found)

    for _ in range(3):
        f.program(partnership=partnership)
    with_3 = statements()
    for _ in range(27):
        f.program(partnership=partnership, seats=1)
    with_30 = statements()
    assert with_3 == with_30


@pytest.mark.parametrize("role", ["student", "faculty", "admin"])
def test_quota_page_is_forbidden_to_others_and_leaks_nothing(login_as, agreement, role):
    user = {"student": f.student, "faculty": f.faculty, "admin": f.admin}[role]()
    response = login_as(user).get(f"/coordinator/partnerships/{agreement.id}/quota")
    assert response.status_code == 403
    assert "AI year" not in _text(response)


def test_quota_page_of_a_missing_agreement_is_404(login_as):
    assert (
        login_as(f.coordinator()).get("/coordinator/partnerships/999999/quota").status_code == 404
    )


def test_quota_page_counts_submitted_applications_not_drafts_or_withdrawn(login_as, agreement):
    from sqlalchemy import select

    from exchange.extensions import db
    from exchange.programs.models import Program

    ai_year = db.session.scalar(select(Program).where(Program.title == "AI year"))
    for state in ("submitted", "under_review", "draft", "withdrawn"):
        f.choice(application=f.application(state=state), program=ai_year)

    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{agreement.id}/quota"))

    sms_2026 = _row(page, 2026, "outgoing-SMS")
    assert _cell(sms_2026, "applied") == "2"
    assert "2 applicants" in sms_2026
    assert _cell(_row(page, 2027, "outgoing-SMS"), "applied") == "0"
