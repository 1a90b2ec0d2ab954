"""Application documents: recognised by content, size-limited, names kept for display only,
served as attachments; replaced and rejected versions stay in the history."""

import hashlib
import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from exchange.applications import documents, services
from exchange.applications.errors import ApplicationError, DocumentTooLarge
from exchange.applications.models import ApplicationDocument
from exchange.applications.states import ContentType, DocumentStatus
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage
from exchange.programs.states import DocumentType
from tests import factories as f
from tests.applications.helpers import MAX, TODAY, submitted_application

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def _upload(application, content, filename="file.pdf", doc_type="transcript", max_bytes=MAX):
    return documents.upload_document(application, doc_type, filename, content,
                                     actor=application.student, max_bytes=max_bytes)  # fmt: skip


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ApplicationDocument))


@pytest.mark.parametrize(
    ("content", "expected"),
    [(f.PDF_BYTES, ContentType.PDF), (f.PNG_BYTES, ContentType.PNG),
     (JPEG_BYTES, ContentType.JPEG)],
)  # fmt: skip
def test_upload_recognises_the_type_by_content_not_by_name(content, expected):
    application = f.application()

    document = _upload(application, content, filename="named-anything.pdf")
    db.session.commit()

    assert document.content_type == expected
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert documents.document_content(document) == content


@pytest.mark.parametrize(
    "content",
    [b"just some text", b"PK\x03\x04 a zip or a docx", b"GIF89a......", b"MZ\x90\x00 an exe"],
)
def test_upload_refuses_content_that_is_not_pdf_png_or_jpeg(content):
    application = f.application()

    with pytest.raises(ApplicationError, match="not a PDF, PNG or JPEG") as error:
        _upload(application, content, filename="transcript.pdf")
    assert error.value.field == "document"
    assert _count() == 0


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "transcript.pdf"),
        (b"  <html><body>hi</body></html>", "page.html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image.svg"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "scan.png"),
    ],
)
def test_upload_refuses_html_and_svg_with_a_clear_message(content, filename):
    application = f.application()

    with pytest.raises(ApplicationError, match="Web pages and SVG images are not accepted"):
        _upload(application, content, filename=filename)
    assert _count() == 0


def test_upload_refuses_an_empty_file():
    with pytest.raises(ApplicationError, match="empty"):
        _upload(f.application(), b"")


def test_upload_over_the_limit_is_refused_without_reading_it_all():
    application = f.application()
    stream = io.BytesIO(f.PDF_BYTES + b"0" * 5000)

    with pytest.raises(DocumentTooLarge, match="larger than 1.0 KB"):
        _upload(application, stream, max_bytes=1024)
    assert stream.tell() == 1025
    assert _count() == 0


def test_upload_limit_defaults_to_ten_megabytes(app):
    assert app.config["UPLOAD_MAX_BYTES"] == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("سيرة ذاتية.pdf", "سيرة ذاتية.pdf"),
        ("成绩单 2026.pdf", "成绩单 2026.pdf"),
        ("Re\u0301sume\u0301.pdf", "Résumé.pdf"),  # decomposed accents come back composed
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/", "document"),
        ("evil\u202egnp.pdf", "evilgnp.pdf"),  # no right-to-left override tricks
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        ("", "document"),
        (None, "document"),
    ],
)
def test_upload_keeps_the_display_name_and_only_that(raw, shown):
    application = f.application()

    document = _upload(application, f.PDF_BYTES, filename=raw)
    db.session.commit()
    db.session.expire_all()

    assert document.filename == shown


def test_very_long_names_are_cut_keeping_the_extension():
    assert documents.clean_filename("ä" * 400 + ".pdf") == "ä" * 251 + ".pdf"


def test_download_headers_make_an_attachment_with_the_exact_type():
    document = f.document(filename="成绩单.pdf", content=f.PDF_BYTES)

    headers = documents.download_headers(document)

    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"transcript.pdf\"; filename*=UTF-8''%E6%88%90%E7%BB%A9%E5%8D%95.pdf"
    )
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_download_name_gets_the_real_extension_when_the_name_lies():
    document = f.document(filename="page.html", content=f.PNG_BYTES,
                          content_type=ContentType.PNG)  # fmt: skip

    headers = documents.download_headers(document)

    assert headers["Content-Type"] == "image/png"
    assert headers["Content-Disposition"].startswith('attachment; filename="page.html.png"')


def test_a_new_upload_replaces_the_current_one_and_keeps_it_as_replaced():
    application = f.application()
    first = _upload(application, f.PDF_BYTES, filename="old.pdf")

    second = _upload(application, f.PNG_BYTES, filename="new.png")
    db.session.commit()
    db.session.expire_all()

    assert (first.status, second.status) == (DocumentStatus.REPLACED, DocumentStatus.CURRENT)
    assert second.replaces_id == first.id
    assert application.current_document(DocumentType.TRANSCRIPT).id == second.id
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["application_document.upload", "application_document.replace"]


def test_database_allows_one_current_document_per_type():
    application = f.application()
    f.document(application=application)

    with pytest.raises(IntegrityError):
        f.document(application=application)
    db.session.rollback()
    f.document(application=application, status=DocumentStatus.REPLACED)
    f.document(application=application, status=DocumentStatus.REPLACED)
    f.document(application=application, doc_type=DocumentType.CV)
    assert _count() == 4


def test_remove_document_of_a_draft_deletes_it_and_audits():
    application = f.application()
    document = _upload(application, f.PDF_BYTES)
    document_id = document.id

    documents.remove_document(document, actor=application.student)
    db.session.commit()

    assert _count() == 0
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.object_id) == ("application_document.remove", document_id)


def test_submitted_application_keeps_its_files():
    application = submitted_application()
    document = application.current_document(DocumentType.TRANSCRIPT)

    with pytest.raises(ApplicationError):
        documents.remove_document(document, actor=application.student)
    with pytest.raises(ApplicationError, match="frozen"):
        _upload(application, f.PDF_BYTES)
    db.session.rollback()
    assert document.status == DocumentStatus.CURRENT
    assert _count() == 2


def test_reject_then_replace_shows_the_history_and_notifies_the_student():
    application = submitted_application()
    coordinator = f.coordinator()
    rejected = application.current_document(DocumentType.TRANSCRIPT)

    documents.reject_document(rejected, actor=coordinator, reason="The scan is unreadable.")
    db.session.commit()

    assert rejected.status == DocumentStatus.REJECTED
    assert (rejected.rejected_reason, rejected.rejected_by_id) == (
        "The scan is unreadable.", coordinator.id)  # fmt: skip
    mail = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == application.student.email)
        .order_by(OutboxMessage.id)
    ).all()[-1]
    assert mail.subject == "Please replace your Transcript of records"
    assert "The scan is unreadable." in mail.body
    assert services.missing_items(application, TODAY) == [
        "Replace your Transcript of records; it was not accepted: The scan is unreadable."
    ]

    # The submitted application accepts exactly this replacement.
    with pytest.raises(ApplicationError, match="frozen"):
        _upload(application, f.PDF_BYTES, doc_type="motivation")
    replacement = _upload(application, f.PNG_BYTES, filename="clear-scan.png")
    db.session.commit()
    db.session.expire_all()

    assert rejected.status == DocumentStatus.REPLACED
    assert rejected.rejected_reason == "The scan is unreadable."
    assert (replacement.status, replacement.replaces_id) == (DocumentStatus.CURRENT, rejected.id)
    assert services.missing_items(application, TODAY) == []


def test_reject_needs_a_reason_and_a_submitted_application():
    application = submitted_application()
    coordinator = f.coordinator()
    document = application.current_document(DocumentType.TRANSCRIPT)
    draft_document = f.document()

    with pytest.raises(ApplicationError) as error:
        documents.reject_document(document, actor=coordinator, reason="   ")
    assert error.value.field == "reason"
    with pytest.raises(ApplicationError, match="not when it is draft"):
        documents.reject_document(draft_document, actor=coordinator, reason="Blurry.")
    db.session.rollback()
    assert (document.status, draft_document.status) == (DocumentStatus.CURRENT,) * 2
