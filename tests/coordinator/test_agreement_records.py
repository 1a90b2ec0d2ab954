"""The coordinator's agreement pages: new list filters, signatories, the document card and the
history that gathers the agreement's parts."""

import html
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from exchange.extensions import db
from exchange.partnerships import history, queries
from exchange.partnerships.expiry import current_academic_year
from exchange.partnerships.models import Signatory
from tests import factories as f
from tests.queries import count_statements


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _titles(response) -> set[str]:
    return set(re.findall(r'<a href="/coordinator/partnerships/\d+">([^<]+)</a>', _text(response)))


# --- List filters ---------------------------------------------------------------------------


def test_partnership_list_filters_by_partner_country(login_as):
    f.partnership(title="AI with Toronto", partner=f.institution(country="CA"))
    f.partnership(title="Energy with Montreal", partner=f.institution(country="CA"))
    f.partnership(title="Biomedicine with Oxford", partner=f.institution(country="GB"))
    client = login_as(f.coordinator())
    assert _titles(client.get("/coordinator/partnerships?country=CA")) == {
        "AI with Toronto", "Energy with Montreal",
    }  # fmt: skip
    assert _titles(client.get("/coordinator/partnerships?country=GB")) == {
        "Biomedicine with Oxford"
    }


def test_partnership_list_subject_filter_matches_narrower_fields(login_as):
    f.partnership(title="Physics", subject_areas=["0533"])
    f.partnership(title="Chemistry and software", subject_areas=["0531", "0613"])
    f.partnership(title="Natural sciences", subject_areas=["05"])
    f.partnership(title="Medicine", subject_areas=["0912"])
    f.partnership(title="Any subject", subject_areas=[])
    client = login_as(f.coordinator())

    broad = _titles(client.get("/coordinator/partnerships?subject=05"))
    narrow = _titles(client.get("/coordinator/partnerships?subject=053"))
    detailed = _titles(client.get("/coordinator/partnerships?subject=0613"))
    unknown = _titles(client.get("/coordinator/partnerships?subject=99"))

    assert broad == {"Physics", "Chemistry and software", "Natural sciences"}
    assert narrow == {"Physics", "Chemistry and software"}
    assert detailed == {"Chemistry and software"}
    # An unknown code is ignored rather than hiding everything.
    assert len(unknown) == 5


def test_partnership_list_subject_choices_come_from_the_agreements(login_as):
    f.partnership(title="Physics", subject_areas=["0533"])
    page = _text(login_as(f.coordinator()).get("/coordinator/partnerships"))
    options = re.findall(r'<option value="(\d+)"\s*>([^<]+)</option>', page)
    subjects = [(code, label) for code, label in options if label.strip()[:2].isdigit()]
    # Offered: the agreement's field and the broader ones above it, narrower ones indented.
    assert subjects == [("05", "05 Natural sciences, mathematics and statistics"),
                        ("053", "\u2003053 Physical sciences"),
                        ("0533", "\u2003\u20030533 Physics")]  # fmt: skip


def test_partnership_list_expiring_filter_uses_the_end_on_31_august(login_as):
    today = date.today()
    year = current_academic_year(today)
    for last in range(year - 1, year + 3):
        f.partnership(title=f"Ends {last + 1}", first_year=last - 1, last_year=last)
    f.partnership(title="Terminated early", first_year=year - 1, last_year=year, state="terminated")
    client = login_as(f.coordinator())

    for days in (30, 90, 180, 365):
        expected = {
            f"Ends {last + 1}"
            for last in range(year - 1, year + 3)
            if today <= queries.agreement_end(last) <= today + timedelta(days=days)
        }
        got = _titles(client.get(f"/coordinator/partnerships?expiring={days}"))
        assert got == expected, days
    # 400 is not an offered horizon: the filter is ignored.
    assert len(_titles(client.get("/coordinator/partnerships?expiring=400"))) == 5


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (date(2026, 6, 1), 90, set()),  # 2025/2026 ends 31 Aug 2026: 91 days away
        (date(2026, 6, 1), 180, {2025}),
        (date(2026, 8, 31), 30, {2025}),  # ends today: still listed
        (date(2026, 9, 1), 30, set()),  # ended yesterday
        (date(2026, 9, 1), 365, {2026}),  # 31 Aug 2027 is 364 days away
        (date(2025, 9, 1), 365, {2025}),
        (date(2026, 3, 1), 365, {2025}),
    ],
)
def test_partnerships_query_expiring_window(today, days, expected):
    for last in range(2023, 2029):
        f.partnership(title=str(last), first_year=2020, last_year=last)
    found = db.session.scalars(queries.partnerships_query(expiring_days=days, today=today)).all()
    assert {p.last_year for p in found} == expected


def test_partnership_list_query_count_is_constant_with_all_filters(login_as):
    client = login_as(f.coordinator())
    url = "/coordinator/partnerships?country=GB&subject=06&expiring=365&status=active"

    def make():
        f.condition(partnership=f.partnership(org_unit=f.org_unit()))

    for _ in range(3):
        make()
    with count_statements() as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        make()
    with count_statements() as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)


# --- Signatories ----------------------------------------------------------------------------


def test_signatory_create_edit_delete(login_as):
    partnership = f.partnership(title="Energy exchange")
    client = login_as(f.coordinator())
    base = f"/coordinator/partnerships/{partnership.id}/signatories"
    response = client.post(f"{base}/new", data={"side": "partner", "name": "Prof. Jane Doe",
                                                "position": "Pro-Vice-Chancellor",
                                                "signed_on": ""})  # fmt: skip
    assert response.status_code == 302
    signatory = db.session.scalar(select(Signatory))
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert "Prof. Jane Doe" in page and "Not signed yet" in page

    signed = (date.today() - timedelta(days=3)).isoformat()
    client.post(f"{base}/{signatory.id}/edit", data={"side": "partner", "name": "Prof. Jane Doe",
                                                     "position": "Pro-Vice-Chancellor",
                                                     "signed_on": signed})  # fmt: skip
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert signed in page and "Not signed yet" not in page
    assert 'data-confirm="Remove Prof. Jane Doe from the signatories?"' in page

    client.post(f"{base}/{signatory.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(Signatory)) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signed_on": (date.today() + timedelta(days=1)).isoformat()},
         "The signing date cannot be in the future"),
        ({"signed_on": "1 May"}, "Not a valid date value."),
        ({"name": ""}, "Enter the signatory's name."),
        ({"position": ""}, "Enter the signatory's position"),
        ({"side": "both"}, "Not a valid choice."),
    ],
)  # fmt: skip
def test_signatory_invalid_input_shows_message_and_saves_nothing(login_as, changes, message):
    partnership = f.partnership()
    valid = {"side": "home", "name": "Dr. Omar Haddad", "position": "President", "signed_on": ""}
    response = login_as(f.coordinator()).post(
        f"/coordinator/partnerships/{partnership.id}/signatories/new", data=valid | changes
    )
    assert response.status_code == 422
    assert message in _text(response)
    assert db.session.scalar(select(func.count()).select_from(Signatory)) == 0


def test_signatories_of_a_final_agreement_cannot_change(login_as):
    signatory = f.signatory(partnership=f.partnership(state="expired"))
    client = login_as(f.coordinator())
    url = f"/coordinator/partnerships/{signatory.partnership_id}/signatories"
    assert client.get(f"{url}/new").status_code == 403
    assert client.post(f"{url}/{signatory.id}/delete").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Signatory)) == 1


# --- Document card and history --------------------------------------------------------------


def test_detail_offers_the_upload_and_shows_the_limit(login_as):
    partnership = f.partnership()
    page = _text(login_as(f.coordinator()).get(f"/coordinator/partnerships/{partnership.id}"))
    assert 'enctype="multipart/form-data"' in page
    assert "PDF only, at most 10.0 MB." in page


def test_history_shows_conditions_signatories_and_document_changes(login_as):
    partnership = f.partnership(title="Energy exchange")
    condition = f.condition(partnership=partnership)
    client = login_as(f.coordinator())
    base = f"/coordinator/partnerships/{partnership.id}"
    client.post(f"{base}/conditions/{condition.id}/delete")
    signatory_data = {"side": "home", "name": "Dr. Omar Haddad", "position": "President"}
    client.post(f"{base}/signatories/new", data=signatory_data | {"signed_on": ""})
    signatory = db.session.scalar(select(Signatory))
    client.post(f"{base}/signatories/{signatory.id}/delete")
    client.post(f"{base}/document", data={"document": (io.BytesIO(f.PDF_BYTES), "iia.pdf")},
                content_type="multipart/form-data")  # fmt: skip
    client.post(f"{base}/document", data={"document": (io.BytesIO(f.PDF_BYTES), "iia2.pdf")},
                content_type="multipart/form-data")  # fmt: skip
    other = f.partnership(title="Other agreement")
    f.signatory(partnership=other)

    titles = [e.title for e in history.partnership_history(partnership)]

    assert titles == ["Agreement document replaced", "Agreement document uploaded",
                      "Signatory removed", "Signatory added",
                      "Cooperation condition deleted"]  # fmt: skip
    page = _text(client.get(base))
    assert "Dr. Omar Haddad (Home institution)" in page
    assert "iia2.pdf · " in page and "Outgoing (we send), Student studies (SMS)" in page


def test_history_takes_two_queries_however_many_parts(login_as):
    partnership = f.partnership()
    actor = f.coordinator()
    from exchange.partnerships import signatories

    def add(n):
        for i in range(n):
            signatory = signatories.add_signatory(
                partnership, actor=actor, side="home", name=f"Person {i}", position="Dean"
            )
            signatories.delete_signatory(signatory, actor=actor)
        db.session.commit()

    add(2)
    db.session.expire_all()
    partnership.conditions, partnership.signatories  # noqa: B018 - loaded before counting
    with count_statements() as few:
        history.partnership_history(partnership)
    add(10)
    db.session.expire_all()
    partnership.conditions, partnership.signatories  # noqa: B018 - loaded before counting
    with count_statements() as many:
        entries = history.partnership_history(partnership)
    # Ids of the parts, then their audit records (the actors' roles come in one more batch).
    assert len(few) == len(many)
    assert len([s for s in many if "audit_events" in s]) == 2
    assert len(entries) == 24
