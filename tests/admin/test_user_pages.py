"""One person's page, and the admin's changes to it: profile, roles, (de)activation."""

import html
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from exchange.accounts import services
from exchange.accounts.roles import Role, StudyLevel
from exchange.accounts.sessions import revoke_session, start_session
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f


def _audit_count(action=None) -> int:
    query = select(func.count()).select_from(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalar(query)


def _error(page: str, field: str) -> str | None:
    match = re.search(rf'<div class="invalid-feedback[^"]*" id="{field}-error">([^<]+)</div>', page)
    return html.unescape(match.group(1)) if match else None


# --- detail -----------------------------------------------------------------------------


def test_user_detail_shows_profile_roles_scope_sessions_and_trail(login_as):
    unit, scoped = f.org_unit(name="Physics"), f.org_unit(name="Chemistry")
    admin = f.admin(full_name="Ada Admin")
    person = f.user(Role.FACULTY, Role.COORDINATOR, full_name="Karim Nasser", org_unit=unit)
    services.set_roles(person, [Role.FACULTY, Role.COORDINATOR], scope_units=[scoped], actor=admin)
    db.session.commit()
    start_session(person, ip_address="10.0.0.1", user_agent="a")
    revoke_session(start_session(person, ip_address="10.0.0.1", user_agent="b"))
    db.session.commit()

    page = login_as(admin).get(f"/admin/users/{person.id}").get_data(as_text=True)

    assert "Karim Nasser" in page and person.email in page
    assert "Physics" in page  # unit
    assert "Chemistry" in page  # coordinator scope
    assert "1 active session" in page
    assert "user.set_roles" in page
    assert "Ada Admin" in page


def test_user_detail_of_a_university_wide_coordinator_says_so(login_as):
    person = f.coordinator()
    page = login_as(f.admin()).get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "University-wide" in page
    assert "0 active sessions" in page
    assert "never" in page  # last sign-in


def test_user_detail_trail_does_not_show_other_peoples_changes(login_as):
    admin = f.admin()
    person, other = f.faculty(), f.faculty(full_name="Other Person")
    services.update_profile(other, actor=admin, full_name="Renamed Somebody Else")
    db.session.commit()

    page = login_as(admin).get(f"/admin/users/{person.id}").get_data(as_text=True)

    assert "Renamed Somebody Else" not in page
    assert "Nothing recorded yet." in page


def test_user_detail_of_a_missing_user_is_404(login_as):
    assert login_as(f.admin()).get("/admin/users/999999").status_code == 404


def test_user_detail_buttons_follow_the_policy(login_as):
    admin = f.admin()
    active, inactive = f.student(), f.student(is_active=False)
    client = login_as(admin)

    own = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    on_active = client.get(f"/admin/users/{active.id}").get_data(as_text=True)
    on_inactive = client.get(f"/admin/users/{inactive.id}").get_data(as_text=True)

    assert f"/admin/users/{admin.id}/deactivate" not in own
    assert f"/admin/users/{active.id}/deactivate" in on_active
    assert f"/admin/users/{active.id}/reactivate" not in on_active
    assert f"/admin/users/{inactive.id}/reactivate" in on_inactive
    assert f"/admin/users/{inactive.id}/deactivate" not in on_inactive


# --- profile ----------------------------------------------------------------------------


def _profile(person, **overrides) -> dict:
    return {
        "full_name": person.full_name,
        "org_unit_id": str(person.org_unit_id or 0),
        "student_number": person.student_number or "",
        "study_level": person.study_level or "",
        "gpa": str(person.gpa) if person.gpa is not None else "",
    } | overrides


def test_user_edit_form_shows_the_current_values(login_as):
    person = f.student(student_number="S-77", gpa=Decimal("3.25"))
    page = login_as(f.admin()).get(f"/admin/users/{person.id}/edit").get_data(as_text=True)
    assert 'value="S-77"' in page and 'value="3.25"' in page
    assert "From 0 to 4.00." in page


def test_user_edit_saves_and_audits(login_as):
    person = f.student(gpa=Decimal("3.00"))
    unit = f.org_unit(name="Computer Science")
    client = login_as(f.admin())

    response = client.post(
        f"/admin/users/{person.id}/edit",
        data=_profile(person, full_name="Omar Farouk", gpa="3.75", org_unit_id=str(unit.id),
                      study_level="7"),
    )  # fmt: skip

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{person.id}"
    db.session.refresh(person)
    assert (person.full_name, person.gpa, person.org_unit_id, person.study_level) == (
        "Omar Farouk", Decimal("3.75"), unit.id, StudyLevel.MASTER,
    )  # fmt: skip
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.after["gpa"] == "3.75" and event.before["gpa"] == "3.00"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"gpa": "4.5"}, "gpa", "The GPA must be between 0 and 4.00."),
        ({"gpa": "-1"}, "gpa", "The GPA must be between 0 and 4.00."),
        ({"gpa": "three"}, "gpa", "Enter the GPA as a number, like 3.45."),
        ({"full_name": ""}, "full_name", "Enter a name."),
        ({"student_number": "S 1!"}, "student_number", "Use letters, digits, - or / only."),
        ({"study_level": "9"}, "study_level", "Not a valid choice."),
        ({"org_unit_id": "424242"}, "org_unit_id", "Not a valid choice."),
    ],
)
def test_user_edit_refuses_bad_input_beside_the_field(login_as, overrides, field, message):
    person = f.student(full_name="Layla Haddad", gpa=Decimal("3.00"))
    client = login_as(f.admin())

    response = client.post(f"/admin/users/{person.id}/edit", data=_profile(person, **overrides))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error(page, field) == message
    assert "Please correct the fields marked below." in page
    db.session.refresh(person)
    assert (person.full_name, person.gpa) == ("Layla Haddad", Decimal("3.00"))
    assert _audit_count("user.update") == 0


def test_user_edit_uses_the_configured_gpa_scale(app, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "GPA_SCALE_MAX", 5.0)
    person = f.student()
    client = login_as(f.admin())

    ok = client.post(f"/admin/users/{person.id}/edit", data=_profile(person, gpa="4.80"))
    too_high = client.post(f"/admin/users/{person.id}/edit", data=_profile(person, gpa="5.01"))

    assert ok.status_code == 302
    assert _error(too_high.get_data(as_text=True), "gpa") == "The GPA must be between 0 and 5.00."


def test_user_edit_refuses_a_taken_student_number_keeping_what_was_typed(login_as):
    f.student(student_number="2026-0001")
    person = f.student(full_name="Layla Haddad")
    client = login_as(f.admin())

    response = client.post(
        f"/admin/users/{person.id}/edit",
        data=_profile(person, student_number="2026-0001", full_name="Layla H. Haddad"),
    )

    page = response.get_data(as_text=True)
    assert _error(page, "student_number") == "This student number is already registered."
    assert 'value="Layla H. Haddad"' in page
    db.session.refresh(person)
    assert person.full_name == "Layla Haddad"


# --- roles ------------------------------------------------------------------------------


def test_user_roles_form_ticks_the_current_roles_and_scope(login_as):
    unit = f.org_unit(name="Physics")
    person = f.user(Role.FACULTY, Role.COORDINATOR)
    services.set_roles(person, [Role.FACULTY, Role.COORDINATOR], scope_units=[unit], actor=person)
    db.session.commit()

    page = login_as(f.admin()).get(f"/admin/users/{person.id}/roles").get_data(as_text=True)

    checked = re.findall(r'<input checked[^>]*value="([^"]+)"', page)
    assert checked == ["faculty", "coordinator", str(unit.id)]


def test_user_roles_saves_roles_and_scope(login_as):
    unit = f.org_unit(name="Physics")
    person = f.faculty()
    admin = f.admin()

    response = login_as(admin).post(
        f"/admin/users/{person.id}/roles",
        data={"roles": ["faculty", "coordinator"], "scope_unit_ids": [str(unit.id)]},
    )

    assert response.status_code == 302
    db.session.refresh(person)
    assert person.roles == {Role.FACULTY, Role.COORDINATOR}
    assert person.scope_unit_ids == {unit.id}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.set_roles"))
    assert (event.before["roles"], event.after["roles"]) == (
        ["faculty"],
        ["coordinator", "faculty"],
    )


def test_user_roles_empty_scope_means_university_wide(login_as):
    unit = f.org_unit()
    person = f.coordinator()
    services.set_roles(person, [Role.COORDINATOR], scope_units=[unit], actor=person)
    db.session.commit()

    login_as(f.admin()).post(f"/admin/users/{person.id}/roles", data={"roles": ["coordinator"]})

    db.session.refresh(person)
    assert person.scope_unit_ids == frozenset()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose at least one role."),
        ({"roles": ["emperor"]}, "'emperor' is not a valid choice for this field."),
    ],
)
def test_user_roles_refuses_bad_input_beside_the_field(login_as, data, message):
    person = f.faculty()

    response = login_as(f.admin()).post(f"/admin/users/{person.id}/roles", data=data)

    assert response.status_code == 200
    assert _error(response.get_data(as_text=True), "roles") == message
    db.session.refresh(person)
    assert person.roles == {Role.FACULTY}
    assert _audit_count() == 0


def test_user_roles_refuses_removing_ones_own_admin_role(login_as):
    admin = f.admin()
    response = login_as(admin).post(f"/admin/users/{admin.id}/roles", data={"roles": ["faculty"]})
    assert (
        _error(response.get_data(as_text=True), "roles") == "You cannot remove your own admin role."
    )
    db.session.refresh(admin)
    assert admin.roles == {Role.ADMIN}


def test_user_roles_refuses_a_unit_that_is_not_offered(login_as):
    partner_unit = f.org_unit(institution=f.institution())
    person = f.coordinator()
    response = login_as(f.admin()).post(
        f"/admin/users/{person.id}/roles",
        data={"roles": ["coordinator"], "scope_unit_ids": [str(partner_unit.id)]},
    )
    assert response.status_code == 200
    assert _error(response.get_data(as_text=True), "scope_unit_ids") is not None
    assert person.scope_unit_ids == frozenset()


# --- deactivate and reactivate ----------------------------------------------------------


def test_user_deactivate_page_explains_and_asks_to_confirm(login_as):
    person = f.student(full_name="Layla Haddad")
    page = login_as(f.admin()).get(f"/admin/users/{person.id}/deactivate").get_data(as_text=True)
    assert "signed out on every device" in page
    assert 'name="confirm"' in page and 'name="reason"' in page


def test_user_deactivate_needs_the_box_ticked(login_as):
    person = f.student()

    response = login_as(f.admin()).post(
        f"/admin/users/{person.id}/deactivate", data={"reason": "Graduated"}
    )

    assert response.status_code == 200
    assert _error(response.get_data(as_text=True), "confirm") == "Tick the box to confirm."
    assert "Graduated" in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.is_active is True


def test_user_deactivate_refuses_a_reason_that_is_too_long(login_as):
    person = f.student()
    response = login_as(f.admin()).post(
        f"/admin/users/{person.id}/deactivate", data={"reason": "x" * 501, "confirm": "y"}
    )
    assert _error(response.get_data(as_text=True), "reason") is not None
    db.session.refresh(person)
    assert person.is_active is True


def test_user_deactivate_with_a_reason_records_it(login_as):
    person = f.student()

    response = login_as(f.admin()).post(
        f"/admin/users/{person.id}/deactivate",
        data={"reason": "Left the university", "confirm": "y"},
    )

    assert response.headers["Location"] == f"/admin/users/{person.id}"
    db.session.refresh(person)
    assert person.is_active is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivate"))
    assert event.note == "Left the university"


def test_user_deactivate_oneself_is_forbidden(login_as):
    admin = f.admin()
    client = login_as(admin)
    assert client.get(f"/admin/users/{admin.id}/deactivate").status_code == 403
    assert (
        client.post(f"/admin/users/{admin.id}/deactivate", data={"confirm": "y"}).status_code == 403
    )
    db.session.refresh(admin)
    assert admin.is_active is True


def test_user_reactivate_lets_the_person_sign_in_again(login_as):
    person = f.student(is_active=False)

    response = login_as(f.admin()).post(f"/admin/users/{person.id}/reactivate")

    assert response.status_code == 302
    db.session.refresh(person)
    assert person.is_active is True
    assert _audit_count("user.reactivate") == 1


def test_user_reactivate_an_active_account_is_forbidden(login_as):
    person = f.student()
    assert login_as(f.admin()).post(f"/admin/users/{person.id}/reactivate").status_code == 403
    assert _audit_count() == 0
