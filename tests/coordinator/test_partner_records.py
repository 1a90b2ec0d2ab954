"""The coordinator's partner pages: list filters, archive, contacts, partner units, factsheet."""

import html
import re

from sqlalchemy import func, select

from exchange.accounts.models import OrgUnit
from exchange.extensions import db
from exchange.partnerships.models import Factsheet, FactsheetDeadline, InstitutionContact
from tests import factories as f


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _listed_institutions(response) -> set[str]:
    return set(re.findall(r'<a href="/coordinator/institutions/\d+">([^<]+)</a>', _text(response)))


# --- List -----------------------------------------------------------------------------------


def test_institution_list_filters_by_country_and_hides_archived_by_default(login_as):
    f.institution(name="University of Toronto", country="CA")
    f.institution(name="McGill University", country="CA")
    f.institution(name="University of Oxford", country="GB")
    f.archived_institution(name="Old Canadian College", country="CA")
    client = login_as(f.coordinator())

    default = _listed_institutions(client.get("/coordinator/institutions"))
    canada = _listed_institutions(client.get("/coordinator/institutions?country=CA"))
    with_archived = _listed_institutions(
        client.get("/coordinator/institutions?country=CA&archived=1")
    )

    assert default == {"Home University", "University of Toronto", "McGill University",
                       "University of Oxford"}  # fmt: skip
    assert canada == {"University of Toronto", "McGill University"}
    assert with_archived == {"University of Toronto", "McGill University", "Old Canadian College"}


def test_institution_list_explains_when_filters_match_nothing(login_as):
    f.institution(name="University of Oxford", country="GB")
    page = _text(login_as(f.coordinator()).get("/coordinator/institutions?country=JP"))
    assert "No institution matches these filters." in page


# --- Archive --------------------------------------------------------------------------------


def test_archive_asks_to_confirm_and_hides_the_partner_from_new_agreements(login_as):
    partner = f.institution(name="Former partner")
    f.institution(name="Current partner")
    client = login_as(f.coordinator())
    detail = _text(client.get(f"/coordinator/institutions/{partner.id}"))
    assert 'data-confirm="Archive Former partner?' in detail

    response = client.post(f"/coordinator/institutions/{partner.id}/archive")

    assert response.status_code == 302
    assert "Former partner was archived." in _text(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert partner.archived_at is not None
    form = _text(client.get("/coordinator/partnerships/new"))
    assert "Current partner" in form and "Former partner" not in form
    page = _text(client.get(f"/coordinator/institutions/{partner.id}"))
    assert "Archived on" in page and "Restore partner" in page
    assert "Record an agreement" not in page


def test_archive_with_a_live_agreement_is_refused_with_a_clear_message(login_as):
    partner = f.institution(name="University of Oxford")
    f.partnership(partner=partner, title="Biomedical research", state="suspended")
    client = login_as(f.coordinator())
    page = _text(client.get(f"/coordinator/institutions/{partner.id}"))
    assert "first terminate its agreements" in page and ">Archive<" not in page

    response = client.post(f"/coordinator/institutions/{partner.id}/archive", follow_redirects=True)

    assert "University of Oxford still has agreements that are draft, active or suspended: " \
           "Biomedical research." in _text(response)  # fmt: skip
    db.session.expire_all()
    assert partner.archived_at is None


def test_archive_of_the_home_institution_is_forbidden(login_as):
    home = f.home_institution()
    response = login_as(f.coordinator()).post(f"/coordinator/institutions/{home.id}/archive")
    assert response.status_code == 403
    db.session.expire_all()
    assert home.archived_at is None


def test_unarchive_brings_the_partner_back(login_as):
    partner = f.archived_institution(name="Former partner")
    client = login_as(f.coordinator())
    client.post(f"/coordinator/institutions/{partner.id}/unarchive")
    assert "Former partner" in _listed_institutions(client.get("/coordinator/institutions"))


def test_partnership_edit_keeps_an_archived_partner_of_an_existing_agreement(login_as):
    partner = f.institution(name="Former partner")
    partnership = f.partnership(partner=partner, title="Last exchange", state="draft")
    partner.archived_at = f.archived_institution().archived_at
    db.session.commit()
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{partnership.id}/edit"))
    assert re.search(rf'<option selected value="{partner.id}">Former partner', page)


# --- Contacts -------------------------------------------------------------------------------


CONTACT = {"name": "Ana Silva", "role": "Incoming mobility coordinator",
           "email": "ana@partner.example", "phone": "+351 21 000 1234", "note": ""}  # fmt: skip


def test_contact_create_shows_on_the_detail_page(login_as):
    partner = f.institution()
    client = login_as(f.coordinator())
    response = client.post(f"/coordinator/institutions/{partner.id}/contacts/new", data=CONTACT)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coordinator/institutions/{partner.id}#contacts")
    page = _text(client.get(f"/coordinator/institutions/{partner.id}"))
    assert "Ana Silva" in page and 'href="mailto:ana@partner.example"' in page
    assert 'data-confirm="Delete the contact Ana Silva?"' in page


def test_contact_create_invalid_input_shows_messages_and_saves_nothing(login_as):
    partner = f.institution()
    client = login_as(f.coordinator())
    url = f"/coordinator/institutions/{partner.id}/contacts/new"
    for changes, message, field in [
        ({"email": "ana@"}, "Enter a valid e-mail address", "email"),
        ({"phone": "ring reception"}, "Write the phone number with digits", "phone"),
        ({"email": "", "phone": ""}, "Give an e-mail address or a phone number.", "email"),
        ({"name": ""}, "Enter the contact's name.", "name"),
    ]:
        response = client.post(url, data=CONTACT | changes)
        page = _text(response)
        assert response.status_code == 422
        assert message in page and f'id="{field}-error"' in page
    assert _count(InstitutionContact) == 0


def test_contact_edit_and_delete(login_as):
    contact = f.institution_contact(name="Ana Silva")
    url = f"/coordinator/institutions/{contact.institution_id}/contacts/{contact.id}"
    client = login_as(f.coordinator())
    client.post(f"{url}/edit", data=CONTACT | {"role": "Housing office"})
    db.session.expire_all()
    assert contact.role == "Housing office"
    client.post(f"{url}/delete")
    assert _count(InstitutionContact) == 0


def test_contact_of_another_institution_is_404(login_as):
    contact = f.institution_contact()
    other = f.institution()
    client = login_as(f.coordinator())
    url = f"/coordinator/institutions/{other.id}/contacts/{contact.id}"
    assert client.get(f"{url}/edit").status_code == 404
    assert client.post(f"{url}/delete").status_code == 404
    assert _count(InstitutionContact) == 1


# --- Partner units --------------------------------------------------------------------------


def test_partner_units_are_added_under_the_partners_own_faculties(login_as):
    partner = f.institution(name="University of Cambridge")
    client = login_as(f.coordinator())
    base = f"/coordinator/institutions/{partner.id}/units"
    client.post(f"{base}/new", data={"name": "School of Technology", "code": "tech",
                                     "kind": "faculty", "parent_id": ""})  # fmt: skip
    faculty = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "TECH"))
    department = {"name": "Department of Engineering", "code": "ENG", "kind": "department"}
    client.post(f"{base}/new", data=department | {"parent_id": str(faculty.id)})

    page = _text(client.get(f"/coordinator/institutions/{partner.id}"))
    assert "Department of Engineering (School of Technology)" in page
    assert faculty.institution_id == partner.id


def test_partner_unit_refuses_a_parent_of_another_institution(login_as):
    partner = f.institution()
    home_faculty = f.org_unit(name="Faculty of Engineering", code="HENG", kind="faculty")
    client = login_as(f.coordinator())
    before = _count(OrgUnit)
    response = client.post(
        f"/coordinator/institutions/{partner.id}/units/new",
        data={"name": "Physics", "code": "PHY", "kind": "department",
              "parent_id": str(home_faculty.id)},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Choose a faculty of the same institution." in _text(response)
    assert _count(OrgUnit) == before


def test_partner_unit_pages_do_not_serve_the_home_institution(login_as):
    home = f.home_institution()
    unit = f.org_unit(institution=home)
    client = login_as(f.coordinator())
    assert client.get(f"/coordinator/institutions/{home.id}/units/new").status_code == 404
    assert (
        client.get(f"/coordinator/institutions/{home.id}/units/{unit.id}/edit").status_code == 404
    )


def test_partner_unit_edit_renames(login_as):
    partner = f.institution()
    unit = f.org_unit(institution=partner, name="Physcs", code="PHY")
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/institutions/{partner.id}/units/{unit.id}/edit",
        data={"name": "Physics", "code": "PHY", "kind": "department", "parent_id": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert unit.name == "Physics"


# --- Factsheet ------------------------------------------------------------------------------


def _factsheet_form(**changes):
    data = {"website": "https://partner.example/incoming", "languages": ["en", "fr"],
            "housing": "Rooms in halls of residence.", "visa": "", "insurance": "",
            "accessibility": ""}  # fmt: skip
    for key in ("first_nomination", "first_application", "second_nomination",
                "second_application"):  # fmt: skip
        data[f"{key}_day"], data[f"{key}_month"] = "", ""
    return data | changes


def test_factsheet_edit_saves_and_the_detail_shows_it(login_as):
    partner = f.institution()
    client = login_as(f.coordinator())
    url = f"/coordinator/institutions/{partner.id}/factsheet"
    response = client.post(url, data=_factsheet_form(first_nomination_day="15",
                                                     first_nomination_month="5"))  # fmt: skip
    assert response.status_code == 302
    page = _text(client.get(f"/coordinator/institutions/{partner.id}"))
    assert "15 May" in page and "English, French" in page
    assert "Rooms in halls of residence." in page
    form = _text(client.get(url))
    assert '<option selected value="15">15</option>' in form


def test_factsheet_edit_refuses_31_february_beside_the_field(login_as):
    partner = f.institution()
    response = login_as(f.coordinator()).post(
        f"/coordinator/institutions/{partner.id}/factsheet",
        data=_factsheet_form(second_application_day="31", second_application_month="2",
                             first_nomination_day="15"),
    )  # fmt: skip
    page = _text(response)
    assert response.status_code == 422
    assert "31 February does not exist; February has 28 days." in page
    assert 'id="second_application_day-error"' in page
    assert "Choose the month as well as the day." in page
    assert (_count(Factsheet), _count(FactsheetDeadline)) == (0, 0)


def test_factsheet_edit_refuses_a_bad_website(login_as):
    partner = f.institution()
    response = login_as(f.coordinator()).post(
        f"/coordinator/institutions/{partner.id}/factsheet",
        data=_factsheet_form(website="partner.example"),
    )
    assert response.status_code == 422
    assert "Enter a web address starting with http:// or https://." in _text(response)
    assert _count(Factsheet) == 0


def test_institution_detail_without_records_says_how_to_fill_them(login_as):
    partner = f.institution()
    page = _text(login_as(f.coordinator()).get(f"/coordinator/institutions/{partner.id}"))
    assert "No contacts yet." in page and "No factsheet yet." in page
    assert "No faculties or departments recorded for this partner." in page
