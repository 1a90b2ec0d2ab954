"""The agreement's PDF: checked by content, size-limited, kept in the database, replaced with
an audit trail, and downloadable only by coordinators, with a safe attachment header."""

import hashlib
import html
import io
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships import documents, services
from exchange.partnerships.models import AgreementDocument
from tests import factories as f

PDF = f.PDF_BYTES
HTML_AS_PDF = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def _count():
    return db.session.scalar(select(func.count()).select_from(AgreementDocument))


def _upload(client, partnership, content=PDF, name="agreement.pdf"):
    return client.post(
        f"/coordinator/partnerships/{partnership.id}/document",
        data={"document": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def test_upload_stores_the_pdf_in_the_database_with_checksum_and_audit(login_as):
    partnership = f.partnership()
    coordinator = f.coordinator()
    response = _upload(login_as(coordinator), partnership)

    assert response.status_code == 302
    document = db.session.scalar(select(AgreementDocument))
    assert (document.partnership_id, document.filename, document.size) == (
        partnership.id, "agreement.pdf", len(PDF),
    )  # fmt: skip
    assert document.content == PDF
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.uploaded_by_id == coordinator.id
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.object_id, event.after["sha256"]) == (
        "agreement_document.upload", document.id, document.sha256,
    )  # fmt: skip


def test_upload_refuses_html_named_pdf(login_as):
    partnership = f.partnership()
    response = _upload(login_as(f.coordinator()), partnership, HTML_AS_PDF, "agreement.pdf")
    page = _text(response)
    assert response.status_code == 422
    assert "This file is not a PDF, whatever its name says." in page
    assert 'id="document-error"' in page
    assert _count() == 0


def test_upload_refuses_a_file_over_the_configured_limit_with_the_numbers(app, login_as):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    app.config["AGREEMENT_MAX_BYTES"] = 2048
    try:
        response = _upload(client, partnership, PDF + b"0" * 4096)
    finally:
        app.config["AGREEMENT_MAX_BYTES"] = 10 * 1024 * 1024
    page = _text(response)
    assert response.status_code == 422
    assert "The file is 4.1 KB; agreement documents may be at most 2.0 KB." in page
    assert _count() == 0


def test_upload_without_a_file_says_so(login_as):
    partnership = f.partnership()
    response = login_as(f.coordinator()).post(
        f"/coordinator/partnerships/{partnership.id}/document", data={}
    )
    assert response.status_code == 422
    assert "Choose the PDF file of the signed agreement." in _text(response)
    assert _count() == 0


def test_non_ascii_name_is_kept_for_display_and_the_header_stays_ascii(login_as):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    name = "اتفاقية التعاون 2026.pdf"
    _upload(client, partnership, name=name)

    assert db.session.scalar(select(AgreementDocument.filename)) == name
    page = _text(client.get(f"/coordinator/partnerships/{partnership.id}"))
    assert name in page
    response = client.get(f"/coordinator/partnerships/{partnership.id}/document")
    header = response.headers["Content-Disposition"]
    header.encode("ascii")  # no raw non-ASCII byte goes on the wire
    assert header.startswith("attachment; filename=\"2026.pdf\"; filename*=UTF-8''")
    assert unquote(header.split("UTF-8''", 1)[1]) == name


def test_path_and_control_characters_in_the_name_are_harmless(login_as):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    _upload(client, partnership, name="../../etc/passwd.pdf")
    assert db.session.scalar(select(AgreementDocument.filename)) == "passwd.pdf"

    _upload(client, partnership, name='evil"\r\nX-Injected: yes\u202egpj.pdf')
    stored = db.session.scalar(select(AgreementDocument.filename))
    assert "\r" not in stored and "\n" not in stored and "\u202e" not in stored
    response = client.get(f"/coordinator/partnerships/{partnership.id}/document")
    assert "X-Injected" not in response.headers
    header = response.headers["Content-Disposition"]
    assert header.count('"') == 2 and "\r" not in header and "\n" not in header


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\IIA.pdf", "IIA.pdf"),
        ("..", "agreement.pdf"),
        ("", "agreement.pdf"),
        ("scan", "scan.pdf"),
        (".hidden.PDF", "hidden.PDF"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_clean_filename(raw, clean):
    assert documents.clean_filename(raw) == clean


def test_replace_keeps_only_the_new_document_and_audits_the_old_one(login_as):
    partnership = f.partnership()
    client = login_as(f.coordinator())
    _upload(client, partnership, name="draft-scan.pdf")
    first = db.session.scalar(select(AgreementDocument))
    old_sha = first.sha256
    new_pdf = PDF + b"% signed by both sides\n"

    response = _upload(client, partnership, new_pdf, "signed.pdf")

    assert response.status_code == 302
    assert _count() == 1
    db.session.expire_all()
    document = db.session.scalar(select(AgreementDocument))
    assert (document.filename, document.content) == ("signed.pdf", new_pdf)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "agreement_document.replace")
    )
    assert event.before["sha256"] == old_sha and event.before["filename"] == "draft-scan.pdf"
    assert event.after["sha256"] == hashlib.sha256(new_pdf).hexdigest()


def test_coordinator_downloads_the_pdf_as_an_attachment(login_as):
    document = f.agreement_document(filename="IIA Cambridge 2026.pdf")
    response = login_as(f.coordinator()).get(
        f"/coordinator/partnerships/{document.partnership_id}/document"
    )
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="IIA Cambridge 2026.pdf"; '
        "filename*=UTF-8''IIA%20Cambridge%202026.pdf"
    )
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("make_user", [f.student, f.faculty, f.admin])
def test_download_is_forbidden_to_students_faculty_and_admins(login_as, make_user):
    secret = PDF + b"% confidential clause 7\n"
    document = f.agreement_document(content=secret)
    response = login_as(make_user()).get(
        f"/coordinator/partnerships/{document.partnership_id}/document"
    )
    assert response.status_code == 403
    assert b"confidential clause 7" not in response.data
    assert "Content-Disposition" not in response.headers


def test_download_without_a_document_is_404(login_as):
    partnership = f.partnership()
    response = login_as(f.coordinator()).get(f"/coordinator/partnerships/{partnership.id}/document")
    assert response.status_code == 404


def test_upload_is_refused_to_a_coordinator_outside_the_agreements_unit(login_as):
    from exchange.accounts.models import CoordinatorScope

    partnership = f.partnership(org_unit=f.org_unit())
    scoped = f.coordinator()
    db.session.add(CoordinatorScope(user_id=scoped.id, org_unit_id=f.org_unit().id))
    db.session.commit()
    response = _upload(login_as(scoped), partnership)
    assert response.status_code == 403
    assert _count() == 0


def test_store_refuses_a_final_agreement():
    partnership = f.partnership(state="terminated")
    with pytest.raises(services.PartnershipError, match="can no longer be changed"):
        documents.store_agreement_document(
            partnership, filename="a.pdf", content=PDF, max_bytes=10_000, actor=None
        )
    db.session.rollback()
    assert _count() == 0
