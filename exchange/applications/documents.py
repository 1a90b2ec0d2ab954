"""Application documents: checked by their content, kept in the database, served safely.

A file is recognised by its first bytes (PDF, PNG, JPEG), never by its name or by what the
browser claims; anything else (HTML, SVG, scripts, office files) is refused. The bytes are
stored in the document's row, in the request's transaction: no orphan files, no row without
its file, and every app server can serve it. The student's file name is kept for display
only. Services check the rules, audit and flush; the request commits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.applications.errors import ApplicationError, DocumentTooLarge
from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.notifying import notify_application
from exchange.applications.queries import lock_for_update
from exchange.applications.states import (
    EDITABLE,
    FINAL,
    ContentType,
    DocumentStatus,
)
from exchange.db import utcnow
from exchange.extensions import db
from exchange.programs.states import DocumentType

SIGNATURES = [
    (b"%PDF-", ContentType.PDF),
    (b"\x89PNG\r\n\x1a\n", ContentType.PNG),
    (b"\xff\xd8\xff", ContentType.JPEG),
]
# Markup a browser could run: named in the refusal so the student knows what happened.
MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body")
DOCUMENT_FIELDS = ["doc_type", "filename", "size", "sha256", "content_type", "status"]
FALLBACK_NAME = "document"
MAX_NAME = 255
REASON_MAX = 2_000


def size_label(size: int) -> str:
    """1536 -> '1.5 KB'; sizes people read, in powers of 1024 like file managers."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def detect_content_type(content: bytes) -> ContentType | None:
    """The type the first bytes prove, or None."""
    for magic, content_type in SIGNATURES:
        if content.startswith(magic):
            return content_type
    return None


def clean_filename(raw: str | None) -> str:
    """The name to show: NFC, the last path part, no control or direction-override
    characters, no leading dots, at most 255 characters (keeping the extension).

    Any script stays (Arabic, Chinese, ...). The name never reaches the file system, so
    `../../etc/passwd` is only text; it is still cut to its last part.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    # Category C: controls (CR, LF, NUL) and format characters (U+202E right-to-left override).
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = name.strip().lstrip(".").strip()
    if not name:
        return FALLBACK_NAME
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = f".{ext}" if dot and len(ext) <= 10 else ""
        name = (stem if ext else name)[: MAX_NAME - len(ext)].rstrip() + ext
    return name


def _read(stream, max_bytes: int) -> bytes:
    # One byte more than the limit tells "too large" without reading a huge upload.
    is_bytes = isinstance(stream, bytes | bytearray)
    content = bytes(stream) if is_bytes else stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise DocumentTooLarge(
            _l(
                "The file is larger than %(limit)s. Scan at a lower resolution or compress "
                "it, then upload it again.",
                limit=size_label(max_bytes),
            ),
            "document",
        )
    return content


def _check_content(content: bytes) -> ContentType:
    if not content:
        raise ApplicationError(_l("Choose a file to upload; this one is empty."), "document")
    content_type = detect_content_type(content)
    if content_type is not None:
        return content_type
    if content.lstrip()[:200].lower().startswith(MARKUP):
        raise ApplicationError(
            _l("Web pages and SVG images are not accepted. Upload a PDF, PNG or JPEG file."),
            "document",
        )
    raise ApplicationError(
        _l(
            "This file is not a PDF, PNG or JPEG, whatever its name says. Save or export it "
            "as PDF (or take a PNG or JPEG picture) and upload that file."
        ),
        "document",
    )


def may_upload_now(application: Application, doc_type=None) -> bool:
    """A draft takes any upload; after submission, only the replacement of a rejected file."""
    if application.state in EDITABLE:
        return True
    return application.state not in FINAL and bool(
        application.rejected_awaiting_replacement(doc_type)
    )


def upload_document(
    application: Application, doc_type, filename: str | None, stream, *, actor, max_bytes: int
) -> ApplicationDocument:
    """Store a file of the application; it replaces the current (or rejected) one of its type.

    Side effects: the replaced document is marked replaced and kept; an
    `application_document.upload` or `.replace` audit record; flushes.
    """
    try:
        doc_type = DocumentType(doc_type)
    except ValueError:
        raise ApplicationError(_l("Choose the kind of document."), "doc_type") from None
    lock_for_update(application)  # two uploads of one type at once: one replaces the other
    if not may_upload_now(application, doc_type):
        raise ApplicationError(
            _l("A submitted application is frozen; files can only replace a rejected one."),
            "document",
        )
    content = _read(stream, max_bytes)
    content_type = _check_content(content)
    old = application.current_document(doc_type)
    if old is None:
        rejected = application.rejected_awaiting_replacement(doc_type)
        old = rejected[-1] if rejected else None
    if old is not None:
        old.status = DocumentStatus.REPLACED
        db.session.flush()  # the partial unique index must see the old one leave "current"
    document = ApplicationDocument(
        application=application, doc_type=doc_type, filename=clean_filename(filename),
        content=content, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        content_type=content_type, status=DocumentStatus.CURRENT, uploaded_at=utcnow(),
        uploaded_by_id=getattr(actor, "id", None), replaces=old,
    )  # fmt: skip
    db.session.add(document)
    db.session.flush()
    audit.record(
        "application_document.replace" if old else "application_document.upload",
        document, actor=actor,
        before=audit.snapshot(old, DOCUMENT_FIELDS) | {"id": old.id} if old else None,
        after=audit.snapshot(document, DOCUMENT_FIELDS) | {"application_id": application.id},
    )  # fmt: skip
    db.session.flush()
    return document


def remove_document(document: ApplicationDocument, *, actor) -> None:
    """Delete a document of a draft (a submitted application keeps its files).

    Side effects: an `application_document.remove` audit record; flushes.
    """
    application = document.application
    if application.state not in EDITABLE:
        raise ApplicationError(_l("Files of a submitted application cannot be removed."))
    if document.status == DocumentStatus.REPLACED:
        raise ApplicationError(_l("This file was already replaced."))
    before = audit.snapshot(document, DOCUMENT_FIELDS) | {"application_id": application.id}
    document_id = document.id
    application.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    audit.record("application_document.remove", actor=actor, before=before,
                 object_type=ApplicationDocument.__tablename__, object_id=document_id)  # fmt: skip
    db.session.flush()


def reject_document(document: ApplicationDocument, *, actor, reason: str) -> ApplicationDocument:
    """A coordinator refuses one file with a reason; the student replaces it.

    Side effects: status rejected with reason, time and coordinator; an
    `application_document.reject` audit record; notifies the student; flushes.
    """
    application = document.application
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_l("Say why the file is rejected; the student reads it."), "reason")
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            _l("Keep the reason under %(limit)s characters.", limit=f"{REASON_MAX:,}"), "reason"
        )
    if application.state in EDITABLE or application.state in FINAL:
        raise ApplicationError(
            _l(
                "Files can be rejected while the application is with the office, not when it "
                "is %(state)s.",
                state=application.state.label.lower(),
            )
        )
    if document.status != DocumentStatus.CURRENT:
        raise ApplicationError(_l("Only the current file of a type can be rejected."))
    document.status = DocumentStatus.REJECTED
    document.rejected_reason = reason
    document.rejected_at = utcnow()
    document.rejected_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("application_document.reject", document, actor=actor,
                 before={"status": DocumentStatus.CURRENT.value},
                 after={"status": DocumentStatus.REJECTED.value,
                        "application_id": application.id}, note=reason)  # fmt: skip
    notify_application(
        [application.student], application, kind="document_rejected",
        title=_l("Please replace your %(document)s", document=document.doc_type.label),
        body=_l("The international office could not accept %(file)s: %(reason)s",
                file=document.filename, reason=reason),
        document=document, reason=reason,
    )  # fmt: skip
    db.session.flush()
    return document


def document_content(document: ApplicationDocument) -> bytes:
    """The stored bytes (deferred on the row: only downloads read them)."""
    return db.session.scalar(
        select(ApplicationDocument.content).where(ApplicationDocument.id == document.id)
    )


def download_name(document: ApplicationDocument) -> str:
    """The student's name, with the extension of the real type added when it differs."""
    extension = document.content_type.extension
    name = document.filename
    known = (".jpeg", ".jpg") if extension == ".jpg" else (extension,)
    return name if name.lower().endswith(known) else name + extension


def download_headers(document: ApplicationDocument) -> dict[str, str]:
    """Headers that make every browser save the file, never run it (RFC 6266 / 5987)."""
    name = download_name(document)
    stem, _dot, extension = name.rpartition(".")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._()\- ]+", "_", ascii_stem).strip(" ._")
    ascii_name = f"{ascii_stem or document.doc_type.value}.{extension}"
    return {
        "Content-Type": document.content_type.value,
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
        ),
        "Content-Length": str(document.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }
