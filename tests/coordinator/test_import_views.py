"""The coordinator's CSV import pages: upload, preview, confirm, and the sample file."""

from __future__ import annotations

import hashlib
import html
import io
import re

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from tests import factories as f
from tests.partnerships.test_importer import SAMPLE, make_csv, row


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, data: bytes | str, filename: str = "partners.csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return client.post("/coordinator/import", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")  # fmt: skip


def token_of(page: str) -> str:
    return html.unescape(re.search(r'name="token" type="hidden" value="([^"]+)"', page)[1])


def test_import_upload_preview_confirm_creates_the_partners(login_as):
    client = login_as(f.coordinator())
    text = make_csv([row(), row(direction="incoming"),
                     row(partner_name="National University of Singapore", partner_country="SG",
                         partner_schac="nus.edu.sg", partner_erasmus_code="",
                         agreement_title="Computing exchange")])  # fmt: skip

    preview = upload(client, text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Check the import" in page and "Confirm import" in page
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('id="import-summary"')[1]))
    assert "2 New partners 0 Partners already recorded 2 Agreements 3 Cooperation" in summary
    assert count(Institution) == 1  # only the home institution: the preview saves nothing

    done = client.post("/coordinator/import/confirm", data={"token": token_of(page)})

    assert done.status_code == 302 and done.headers["Location"].endswith(
        "/coordinator/partnerships"
    )
    assert count(Institution) == 3 and count(Partnership) == 2
    assert count(CooperationCondition) == 3
    run = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.run")).one()
    assert run.note == f"partners.csv (sha256 {hashlib.sha256(text.encode()).hexdigest()})"
    flashed = client.get("/coordinator/partnerships").get_data(as_text=True)
    assert "Imported partners.csv. New partners: 2; agreements: 2; conditions: 3." in flashed


def test_import_errors_are_listed_on_the_page_and_nothing_is_saved(login_as):
    client = login_as(f.coordinator())
    before = count(Institution)
    text = make_csv([row(), row(partner_country="UK", agreement_title="Second")])

    response = upload(client, text)

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Nothing was imported: the file has 1 problem." in page
    assert (
        "<code>partner_country</code></td><td>'UK' is not an ISO 3166-1 code; did you mean GB?"
        in page
    )
    assert '<td class="text-nowrap">3</td>' in page
    assert (count(Institution), count(Partnership)) == (before, 0)


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (None, None, "Choose the CSV file to import."),
        (b"a,b\n1,2\n", "partners.xlsx", "Upload a .csv file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "partners.csv", "This is not a text file."),
        (b"", "partners.csv", "The file is empty."),
        (b'partner_name,"unclosed\n', "partners.csv", "cannot be read as CSV"),
        (b"\xff\xfep\x00a\x00", "partners.csv", "UTF-16"),
    ],
)
def test_import_upload_refuses_bad_files_clearly_never_500(login_as, data, filename, words):
    client = login_as(f.coordinator())
    if data is None:
        response = client.post("/coordinator/import", data={},
                               content_type="multipart/form-data")  # fmt: skip
    else:
        response = upload(client, data, filename)
    assert response.status_code == 422
    assert words in html.unescape(response.get_data(as_text=True))
    assert count(Partnership) == 0


def test_import_confirm_rechecks_and_saves_nothing_when_data_changed_badly(login_as):
    client = login_as(f.coordinator())
    page = upload(client, make_csv([row()])).get_data(as_text=True)
    f.institution(name="Another", schac_code="another.ch", erasmus_code="CH ZURICH07")
    before = count(Institution)

    response = client.post("/coordinator/import/confirm", data={"token": token_of(page)})

    assert response.status_code == 422
    assert "already belongs to Another (another.ch)" in response.get_data(as_text=True)
    assert (count(Institution), count(Partnership)) == (before, 0)


def test_import_confirm_shows_new_numbers_when_a_partner_appeared_meanwhile(login_as):
    client = login_as(f.coordinator())
    page = upload(client, make_csv([row(partner_erasmus_code="")])).get_data(as_text=True)
    f.institution(name="ETH Zürich", country="CH", schac_code="ethz.ch")

    response = client.post("/coordinator/import/confirm", data={"token": token_of(page)})

    again = response.get_data(as_text=True)
    assert response.status_code == 200 and "changed since you checked this file" in again
    assert count(Partnership) == 0
    done = client.post("/coordinator/import/confirm", data={"token": token_of(again)})
    assert done.status_code == 302
    assert count(Partnership) == 1
    assert db.session.scalar(select(func.count()).select_from(Institution).where(
        Institution.schac_code == "ethz.ch")) == 1  # fmt: skip


@pytest.mark.parametrize("token", ["", "not-a-token", "eyJ1c2VyIjoxfQ.forged.signature"])
def test_import_confirm_refuses_a_missing_or_forged_token(login_as, token):
    client = login_as(f.coordinator())
    response = client.post("/coordinator/import/confirm", data={"token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/import")
    assert "This preview has expired" in client.get("/coordinator/import").get_data(as_text=True)
    assert count(Partnership) == 0


def test_import_confirm_refuses_another_coordinators_preview(app, login_as):
    first = login_as(f.coordinator())
    token = token_of(upload(first, make_csv([row()])).get_data(as_text=True))
    other = login_as(f.coordinator())

    response = other.post("/coordinator/import/confirm", data={"token": token})

    assert response.status_code == 302
    assert count(Partnership) == 0


def test_import_upload_without_csrf_token_saves_nothing(csrf_app, login_as):
    client = login_as(f.coordinator())
    response = upload(client, make_csv([row()]))
    assert response.status_code in (400, 422)
    assert count(Partnership) == 0


def test_import_sample_downloads_the_shipped_file(login_as):
    client = login_as(f.coordinator())
    response = client.get("/coordinator/import/sample.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data == SAMPLE.read_bytes()
    assert "Universidade de São Paulo" in response.data.decode("utf-8")


def test_import_page_is_linked_from_the_dashboard_and_explains_columns(login_as):
    client = login_as(f.coordinator())
    dashboard = client.get("/coordinator/").get_data(as_text=True)
    page = client.get("/coordinator/import").get_data(as_text=True)
    assert 'href="/coordinator/import"' in dashboard
    assert 'enctype="multipart/form-data"' in page
    assert "<code>partner_schac</code>" in page and 'href="/coordinator/import/sample.csv"' in page


def test_import_preview_refuses_a_file_too_varied_to_carry_to_the_confirm_step(app, login_as):
    import os

    client = login_as(f.coordinator())
    # Incompressible notes make the signed token larger than the confirm form may carry.
    rows = [row(agreement_title=f"Agreement {i}", notes=os.urandom(100).hex()) for i in range(600)]
    app.config["MAX_FORM_MEMORY_SIZE"] = 70_000
    try:
        response = upload(client, make_csv(rows))
    finally:
        app.config["MAX_FORM_MEMORY_SIZE"] = 500_000
    assert response.status_code == 422
    assert "too large to confirm in one step" in response.get_data(as_text=True)
    assert count(Partnership) == 0
