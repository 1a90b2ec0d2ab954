"""The coordinator's institution screens: search, create, edit, detail."""

import html

from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.models import Institution
from tests import factories as f
from tests.pages import assert_filters

VALID = {
    "name": "University of Toronto",
    "country": "CA",
    "city": "Toronto",
    "website": "https://www.utoronto.ca",
    "schac_code": "UToronto.ca ",
    "erasmus_code": "",
}


def _count():
    return db.session.scalar(select(func.count()).select_from(Institution))


def test_institution_list_searches_name_country_and_schac(login_as):
    f.institution(name="University of Tehran", country="IR", schac_code="ut.ac.ir")
    f.institution(name="UAE University", country="AE", schac_code="uaeu.ac.ae")
    client = login_as(f.coordinator())

    assert_filters(client, "/coordinator/institutions", {
        "q=Iran": ("University of Tehran", "UAE University"),
        "q=uaeu": ("UAE University", "University of Tehran"),
    })  # fmt: skip


def test_institution_list_marks_home_and_explains_an_empty_search(login_as):
    client = login_as(f.coordinator())
    page = client.get("/coordinator/institutions").get_data(as_text=True)
    assert "Home University" in page and ">Home<" in page
    empty = client.get("/coordinator/institutions?q=zzz").get_data(as_text=True)
    assert "No institution matches" in empty


def test_institution_create_saves_and_lowercases_the_schac_code(login_as):
    client = login_as(f.coordinator())
    response = client.post("/coordinator/institutions/new", data=VALID)
    assert response.status_code == 302
    institution = db.session.scalar(select(Institution).where(Institution.name == VALID["name"]))
    assert institution.schac_code == "utoronto.ca"
    assert institution.is_home is False
    assert db.session.scalar(select(AuditEvent.action)) == "institution.create"


def _post_invalid(client, url, **changes):
    before = _count()
    response = client.post(url, data=VALID | changes)
    assert response.status_code == 422
    assert _count() == before
    return html.unescape(response.get_data(as_text=True))


def test_institution_create_invalid_inputs_show_messages_and_save_nothing(login_as):
    client = login_as(f.coordinator())
    url = "/coordinator/institutions/new"
    assert "Choose the country." in _post_invalid(client, url, country="")
    assert "Choose a country from the list." in _post_invalid(client, url, country="XX")
    assert "internet domain in lower case" in _post_invalid(client, url, schac_code="not a domain")
    assert "starting with http:// or https://" in _post_invalid(client, url, website="www.x.org")
    assert "like PL WARSZAW01" in _post_invalid(client, url, erasmus_code="12345")
    assert "Enter the institution's name." in _post_invalid(client, url, name="")


def test_institution_create_duplicate_codes_are_reported_beside_the_field(login_as):
    f.institution(schac_code="utoronto.ca", erasmus_code="CA TORONTO01")
    client = login_as(f.coordinator())
    url = "/coordinator/institutions/new"
    page = _post_invalid(client, url)
    assert "already has the SCHAC code utoronto.ca" in page
    assert 'id="schac_code-error"' in page
    page = _post_invalid(client, url, schac_code="other.ca", erasmus_code="ca toronto01")
    assert "already has the Erasmus code CA TORONTO01" in page


def test_institution_edit_changes_the_home_institution_too(login_as):
    client = login_as(f.coordinator())
    home = f.home_institution()
    data = VALID | {"name": "Home University of Jeddah", "schac_code": home.schac_code}
    response = client.post(f"/coordinator/institutions/{home.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert (home.name, home.is_home) == ("Home University of Jeddah", True)


def test_institution_edit_keeps_its_own_codes_and_refuses_anothers(login_as):
    mine = f.institution(schac_code="mine.edu")
    f.institution(schac_code="taken.edu")
    client = login_as(f.coordinator())
    url = f"/coordinator/institutions/{mine.id}/edit"
    assert client.post(url, data=VALID | {"schac_code": "mine.edu"}).status_code == 302
    page = client.post(url, data=VALID | {"schac_code": "taken.edu"}).get_data(as_text=True)
    assert "already has the SCHAC code taken.edu" in page
    db.session.expire_all()
    assert mine.schac_code == "mine.edu"


def test_institution_detail_shows_units_and_agreements(login_as):
    partner = f.institution(name="University of Oxford")
    f.partnership(partner=partner, title="Biomedical research exchange")
    f.org_unit(institution=partner, name="Department of Engineering Science", code="ENG")
    page = login_as(f.coordinator()).get(f"/coordinator/institutions/{partner.id}")
    text = page.get_data(as_text=True)
    assert "Biomedical research exchange" in text
    assert "Department of Engineering Science" in text
    assert "Record an agreement" in text


def test_institution_detail_of_a_missing_institution_is_404(login_as):
    assert login_as(f.coordinator()).get("/coordinator/institutions/999999").status_code == 404
