"""The notices page: own notices only, opening marks read, mark all read, the navbar badge."""

import re
from datetime import timedelta

from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.notices import Notice
from tests import factories as f
from tests.queries import statements_of


def _titles(page: str) -> list[str]:
    return re.findall(r'data-notice-title="([^"]*)"', page)


def _unread_titles(page: str) -> list[str]:
    return re.findall(r'<span class="visually-hidden">Unread: </span>([^<]*)</a>', page)


def test_notice_list_shows_own_notices_newest_first_and_no_one_elses(login_as):
    student = f.student()
    now = utcnow()
    f.notice(recipient=student, title="Older news", created_at=now - timedelta(days=2))
    f.notice(recipient=student, title="Newer news", created_at=now - timedelta(hours=1))
    f.notice(recipient=f.student(), title="Someone else's offer")

    page = login_as(student).get("/notices/").get_data(as_text=True)

    assert _titles(page) == ["Newer news", "Older news"]
    assert "Someone else&#39;s offer" not in page


def test_notice_list_highlights_unread_notices(login_as):
    student = f.student()
    now = utcnow()
    f.notice(recipient=student, title="Read one", created_at=now - timedelta(days=1),
             read_at=now)  # fmt: skip
    f.notice(recipient=student, title="Unread one", created_at=now)

    page = login_as(student).get("/notices/").get_data(as_text=True)

    assert [t.strip() for t in _unread_titles(page)] == ["Unread one"]
    assert "You have 1 unread notice." in page


def test_notice_list_unread_tab_lists_only_unread(login_as):
    student = f.student()
    f.notice(recipient=student, title="Read one", read_at=utcnow())
    f.notice(recipient=student, title="Unread one")

    page = login_as(student).get("/notices/?show=unread").get_data(as_text=True)

    assert _titles(page) == ["Unread one"]


def test_notice_list_empty_state_says_what_will_appear(login_as):
    page = login_as(f.faculty()).get("/notices/").get_data(as_text=True)

    assert "You have no notices yet." in page
    assert "You will be told here when something about your applications or visits changes." in page
    assert "Mark all as read" not in page


def test_notice_list_pages_through_many_notices(app, login_as):
    student = f.student()
    now = utcnow()
    size = app.config["PAGE_SIZE"]
    for n in range(size + 2):
        f.notice(recipient=student, title=f"N{n:02d}", created_at=now - timedelta(minutes=n))
    client = login_as(student)

    second = client.get("/notices/?page=2").get_data(as_text=True)

    assert _titles(second) == [f"N{n:02d}" for n in range(size, size + 2)]
    assert "Page 2 of 2" in second


def test_opening_a_notice_marks_it_read_and_goes_to_its_link(login_as):
    student = f.student()
    notice = f.notice(recipient=student, link="/student/programs?q=cambridge")

    response = login_as(student).get(f"/notices/{notice.id}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/student/programs?q=cambridge"
    assert db.session.get(Notice, notice.id).read_at is not None


def test_opening_a_notice_without_link_returns_to_the_list_at_that_notice(login_as):
    student = f.student()
    notice = f.notice(recipient=student, link=None)

    response = login_as(student).get(f"/notices/{notice.id}")

    assert response.headers["Location"] == f"/notices/#notice-{notice.id}"
    assert db.session.get(Notice, notice.id).read_at is not None


def test_opening_someone_elses_notice_answers_404_and_leaves_it_unread(login_as):
    owner = f.student()
    notice = f.notice(recipient=owner, title="Your offer from Cambridge")

    response = login_as(f.student()).get(f"/notices/{notice.id}")

    assert response.status_code == 404
    assert "Your offer from Cambridge" not in response.get_data(as_text=True)
    assert db.session.get(Notice, notice.id).read_at is None


def test_opening_a_missing_notice_answers_404(login_as):
    assert login_as(f.student()).get("/notices/987654").status_code == 404


def test_notices_need_sign_in(client):
    response = client.get("/notices/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_mark_all_read_marks_only_own_notices(login_as):
    student, other = f.student(), f.student()
    mine = [f.notice(recipient=student) for _ in range(3)]
    theirs = f.notice(recipient=other)
    client = login_as(student)

    response = client.post("/notices/read", follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "Marked 3 notices as read." in page
    assert all(db.session.get(Notice, n.id).read_at is not None for n in mine)
    assert db.session.get(Notice, theirs.id).read_at is None
    assert "You have read all your notices." in page


def test_mark_all_read_with_nothing_unread_says_so(login_as):
    response = login_as(f.student()).post("/notices/read", follow_redirects=True)

    assert "There were no unread notices." in response.get_data(as_text=True)


def test_navbar_badge_shows_the_unread_count_on_any_page(login_as):
    coordinator = f.coordinator()
    for _ in range(3):
        f.notice(recipient=coordinator)
    f.notice(recipient=coordinator, read_at=utcnow())
    f.notice(recipient=f.student())

    page = login_as(coordinator).get("/account").get_data(as_text=True)

    assert 'aria-label="3 unread notices"' in page
    assert re.search(r'text-bg-danger" aria-hidden="true">3</span>', page)


def test_navbar_has_no_badge_without_unread_notices(login_as):
    student = f.student()
    f.notice(recipient=student, read_at=utcnow())

    page = login_as(student).get("/account").get_data(as_text=True)

    assert 'href="/notices/"' in page
    assert "unread notice" not in page


def test_navbar_has_no_notices_link_for_visitors(client):
    page = client.get("/login").get_data(as_text=True)

    assert 'href="/notices/"' not in page


def test_notice_list_query_count_does_not_grow_with_notices(login_as):
    student = f.student()
    for _ in range(3):
        f.notice(recipient=student)
    client = login_as(student)
    few = len(statements_of(client, "/notices/"))
    for _ in range(27):
        f.notice(recipient=student)

    many = len(statements_of(client, "/notices/"))

    assert many == few


def test_unread_badge_costs_one_query_and_visitors_none(login_as, client):
    anonymous = statements_of(client, "/login")
    assert [q for q in anonymous if "notices" in q] == []

    student = f.student()
    f.notice(recipient=student)
    signed_in = statements_of(login_as(student), "/account")

    assert len([q for q in signed_in if "FROM notices" in q]) == 1
