"""Attachments of a visit proposal (invitation letter, programme): checked by content,
stored in the database, served as downloads.

Like application documents: a file is recognised by its first bytes (PDF, PNG, JPEG), never
by its name; anything else is refused. The proposer adds and removes files while the proposal
is editable (draft, returned for changes).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.applications.documents import MARKUP, clean_filename, detect_content_type, size_label
from exchange.db import utcnow
from exchange.extensions import db
from exchange.visits.errors import VisitError
from exchange.visits.models import Visit, VisitDocument
from exchange.visits.states import EDITABLE, DocumentKind

DOCUMENT_FIELDS = ["kind", "filename", "size", "sha256", "content_type"]
MAX_FILES = 10


def _content(stream, max_bytes: int) -> bytes:
    content = bytes(stream) if isinstance(stream, bytes | bytearray) else stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise VisitError(
            _l("The file is larger than %(limit)s; compress it and upload it again.",
               limit=size_label(max_bytes)),
            "document",
        )  # fmt: skip
    if not content:
        raise VisitError(_l("Choose a file to upload; this one is empty."), "document")
    return content


def upload_visit_document(
    visit: Visit, kind, filename: str | None, stream, *, actor, max_bytes: int
) -> VisitDocument:
    """Attach a PDF, PNG or JPEG to an editable proposal.

    Side effects: a `visit_document.upload` audit record; flushes.
    """
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise VisitError(_l("Choose what the file is."), "kind") from None
    if visit.state not in EDITABLE:
        raise VisitError(_l("Files can be added while the proposal is a draft or returned."))
    if len(visit.documents) >= MAX_FILES:
        raise VisitError(
            _l("A proposal takes at most %(n)s files; remove one first.", n=MAX_FILES), "document"
        )
    content = _content(stream, max_bytes)
    content_type = detect_content_type(content)
    if content_type is None:
        if content.lstrip()[:200].lower().startswith(MARKUP):
            raise VisitError(
                _l("Web pages and SVG images are not accepted. Upload a PDF, PNG or JPEG file."),
                "document",
            )
        raise VisitError(
            _l("This file is not a PDF, PNG or JPEG, whatever its name says. Save or export it "
               "as PDF and upload that file."),
            "document",
        )  # fmt: skip
    document = VisitDocument(
        visit=visit, kind=kind, filename=clean_filename(filename), content=content,
        content_type=content_type, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), uploaded_by_id=getattr(actor, "id", None),
        uploaded_at=utcnow(),
    )  # fmt: skip
    db.session.add(document)
    db.session.flush()
    audit.record(
        "visit_document.upload", document, actor=actor,
        after=audit.snapshot(document, DOCUMENT_FIELDS) | {"visit_id": visit.id},
    )  # fmt: skip
    db.session.flush()
    return document


def remove_visit_document(document: VisitDocument, *, actor) -> None:
    """Side effects: a `visit_document.remove` audit record; flushes."""
    visit = document.visit
    if visit.state not in EDITABLE:
        raise VisitError(_l("Files of a proposal in approval cannot be removed."))
    before = audit.snapshot(document, DOCUMENT_FIELDS) | {"visit_id": visit.id}
    document_id = document.id
    visit.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    audit.record("visit_document.remove", actor=actor, before=before,
                 object_type=VisitDocument.__tablename__, object_id=document_id)  # fmt: skip
    db.session.flush()


def document_content(document: VisitDocument) -> bytes:
    return db.session.scalar(select(VisitDocument.content).where(VisitDocument.id == document.id))


def download_headers(document: VisitDocument) -> dict[str, str]:
    """Headers that make every browser save the file, never run it (RFC 6266 / 5987)."""
    extension = document.content_type.extension
    known = (".jpeg", ".jpg") if extension == ".jpg" else (extension,)
    name = document.filename
    name = name if name.lower().endswith(known) else name + extension
    stem = name.rpartition(".")[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._()\- ]+", "_", ascii_stem).strip(" ._")
    ascii_name = f"{ascii_stem or document.kind.value}{extension}"
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
