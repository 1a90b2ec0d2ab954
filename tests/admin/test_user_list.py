"""The admin's user list: search, filters, pages, and a fixed number of queries."""

import re

import pytest

from exchange.accounts.models import CoordinatorScope
from exchange.accounts.roles import Role
from exchange.extensions import db
from tests import factories as f
from tests.queries import statements_for


def _page(client, **query) -> str:
    response = client.get("/admin/users", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _listed(page: str) -> list[str]:
    """The names in the table, in order."""
    return re.findall(r'<td><a href="/admin/users/\d+">([^<]+)</a></td>', page)


def test_user_list_searches_name_and_email_case_insensitively(login_as):
    f.student(full_name="Layla Haddad", email="layla@example.edu")
    f.student(full_name="Omar Farouk", email="omar@uni.example")
    client = login_as(f.admin(full_name="Ada Admin"))

    by_name = _page(client, q="HADDAD")
    by_email = _page(client, q="uni.example")

    assert _listed(by_name) == ["Layla Haddad"]
    assert _listed(by_email) == ["Omar Farouk"]


def test_user_list_search_treats_wildcards_literally(login_as):
    f.student(full_name="Layla Haddad")
    page = _page(login_as(f.admin()), q="%")
    assert _listed(page) == []
    assert "Nobody matches these filters." in page


def test_user_list_filters_by_role(login_as):
    f.student(full_name="Layla Haddad")
    f.faculty(full_name="Prof Karim")
    client = login_as(f.admin(full_name="Ada Admin"))

    page = _page(client, role="faculty")

    assert _listed(page) == ["Prof Karim"]


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [("active", "Still Here", "Gone Away"), ("inactive", "Gone Away", "Still Here")],
)
def test_user_list_filters_by_status(login_as, status, shown, hidden):
    f.student(full_name="Still Here")
    f.student(full_name="Gone Away", is_active=False)
    page = _page(login_as(f.admin()), status=status)
    assert shown in _listed(page) and hidden not in _listed(page)


def test_user_list_ignores_a_bad_filter_value(login_as):
    f.student(full_name="Layla Haddad")
    page = _page(login_as(f.admin()), role="emperor", status="sleeping")
    assert "Layla Haddad" in _listed(page)


def test_user_list_pages(app, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 5)
    for n in range(7):
        f.student(full_name=f"Student {n:02d}")
    client = login_as(f.admin(full_name="Zed Admin"))

    first, second = _page(client), _page(client, page=2)

    assert _listed(first) == [f"Student {n:02d}" for n in range(5)]
    assert _listed(second) == ["Student 05", "Student 06", "Zed Admin"]
    assert "Page 2 of 2" in second


def test_user_list_out_of_range_page_is_empty_not_an_error(login_as):
    page = _page(login_as(f.admin()), page=99)
    assert _listed(page) == []


def test_user_list_query_count_does_not_grow_with_users(login_as):
    client = login_as(f.admin())
    coordinator_units = [f.org_unit() for _ in range(2)]
    for _ in range(3):
        f.user(Role.STUDENT, Role.FACULTY)
    few = statements_for(client, "/admin/users")
    for n in range(27):
        person = f.coordinator()
        if n % 2:
            person.scope_rows = [CoordinatorScope(org_unit_id=u.id) for u in coordinator_units]
        db.session.commit()

    many = statements_for(client, "/admin/users")

    assert many == few
    assert few > 3  # the listener did see the page's queries
