"""The home institution's faculties and departments: tree, create, edit, rules."""

import html

import pytest
from sqlalchemy import func, select

from exchange.accounts import org_units
from exchange.accounts.models import CoordinatorScope, OrgUnit
from exchange.accounts.roles import OrgUnitKind
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f


def _count():
    return db.session.scalar(select(func.count()).select_from(OrgUnit))


def _form(name: str, code: str, kind: str, parent_id: str) -> dict:
    """The unit form's fields, as posted."""
    return {"name": name, "code": code, "kind": kind, "parent_id": parent_id}


@pytest.fixture
def engineering():
    return f.org_unit(name="Faculty of Engineering", code="ENG", kind=OrgUnitKind.FACULTY)


def test_org_unit_list_shows_faculties_with_their_departments(login_as, engineering):
    f.org_unit(name="Computer Science", code="CS", parent=engineering)
    client = login_as(f.coordinator(org_unit=engineering))
    page = client.get("/coordinator/org-units").get_data(as_text=True)
    assert page.index("Faculty of Engineering") < page.index("Computer Science")
    assert "Add department here" in page


def test_org_unit_create_adds_a_department_under_a_faculty(login_as, engineering):
    client = login_as(f.coordinator(org_unit=engineering))
    response = client.post(
        "/coordinator/org-units/new",
        data=_form("Electrical Engineering", "ee", "department", str(engineering.id)),
    )
    assert response.status_code == 302
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "EE"))
    assert unit.parent_id == engineering.id
    assert db.session.scalar(select(AuditEvent.action)) == "org_unit.create"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "ENG"}, "Another unit already uses the code ENG."),
        ({"code": "eng"}, "Another unit already uses the code ENG."),
        ({"code": ""}, "Enter a short code"),
        ({"code": "a b"}, "Use letters, digits"),
        ({"name": ""}, "Enter the unit's name."),
        ({"parent_id": "department"}, "Choose a faculty from the list."),
        ({"kind": "faculty", "parent_id": "faculty"}, "A faculty sits at the top"),
        ({"parent_id": "999999"}, "Choose a faculty from the list."),
    ],
)
def test_org_unit_create_invalid_input_shows_message_and_saves_nothing(
    login_as, engineering, data, message
):
    department = f.org_unit(name="Physics", code="PHY")
    client = login_as(f.coordinator(org_unit=engineering))
    ids = {"department": str(department.id), "faculty": str(engineering.id)}
    form = _form("New unit", "NEW", "department", "") | data
    form["parent_id"] = ids.get(form["parent_id"], form["parent_id"])
    if form["parent_id"] == str(department.id):
        message = "Only a faculty can hold other units."
    before = _count()
    response = client.post("/coordinator/org-units/new", data=form)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert _count() == before


def test_org_unit_edit_refuses_itself_as_parent(login_as, engineering):
    client = login_as(f.coordinator(org_unit=engineering))
    response = client.post(
        f"/coordinator/org-units/{engineering.id}/edit",
        data=_form("Faculty of Engineering", "ENG", "faculty", str(engineering.id)),
    )
    assert response.status_code == 422
    assert "A unit cannot sit under itself." in response.get_data(as_text=True)


def test_org_unit_edit_renames_and_audits(login_as, engineering):
    client = login_as(f.coordinator(org_unit=engineering))
    response = client.post(
        f"/coordinator/org-units/{engineering.id}/edit",
        data=_form("Faculty of Engineering and Computing", "ENG", "faculty", ""),
    )
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "org_unit.update"))
    assert event.after == {"name": "Faculty of Engineering and Computing"}


def test_org_unit_with_departments_cannot_stop_being_a_faculty(login_as, engineering):
    f.org_unit(name="Computer Science", code="CS", parent=engineering)
    with pytest.raises(org_units.OrgUnitError) as error:
        org_units.update_org_unit(
            engineering,
            code="ENG",
            name="Engineering",
            kind="department",
            parent=None,
            actor=f.coordinator(),
        )
    assert error.value.field == "kind"


def test_partner_units_are_not_edited_here(login_as):
    partner_unit = f.org_unit(institution=f.institution())
    response = login_as(f.coordinator()).get(f"/coordinator/org-units/{partner_unit.id}/edit")
    assert response.status_code == 404


def test_scoped_coordinators_cannot_reshape_the_tree(login_as, engineering):
    scoped = f.coordinator(org_unit=engineering)
    scoped.scope_rows = [CoordinatorScope(org_unit_id=engineering.id)]
    db.session.commit()
    assert login_as(scoped).get("/coordinator/org-units").status_code == 403
