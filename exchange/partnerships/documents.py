"""The agreement's signed PDF: checked by its content, kept in the database, served safely.

The service checks the rules, writes an audit record and flushes; the request commits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import undefer

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.partnerships.models import AgreementDocument, Partnership
from exchange.partnerships.services import PartnershipError
from exchange.partnerships.states import FINAL

PDF_MAGIC = b"%PDF-"
DOCUMENT_FIELDS = ["partnership_id", "filename", "size", "sha256"]
FALLBACK_NAME = "agreement.pdf"
MAX_NAME = 255


def size_label(size: int) -> str:
    """1536 -> '1.5 KB'; sizes people read, in powers of 1024 like file managers."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def clean_filename(raw: str | None) -> str:
    """The name to show: the last path part, without control or direction-override characters.

    Any script stays (Arabic, Persian, Chinese ...). The bytes never touch the file system, so
    a name like ../../etc/passwd.pdf is only text; it is still cut to its last part.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    # Category C: controls (CR, LF, NUL), format characters (U+202E right-to-left override).
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = name.strip().lstrip(".").strip()
    if not name:
        return FALLBACK_NAME
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    if len(name) > MAX_NAME:
        name = name[: MAX_NAME - 4].rstrip() + ".pdf"
    return name


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback name and the real one (RFC 5987/6266)."""
    stem = filename[:-4] if filename.lower().endswith(".pdf") else filename
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._()\- ]+", "_", ascii_stem).strip(" ._") or "agreement"
    encoded = quote(filename, safe="")
    return f"attachment; filename=\"{ascii_stem}.pdf\"; filename*=UTF-8''{encoded}"


def _check(partnership: Partnership, content: bytes, max_bytes: int) -> None:
    if partnership.state in FINAL:
        raise PartnershipError(
            _l("A %(state)s agreement can no longer be changed.", state=partnership.state.label)
        )
    if not content:
        raise PartnershipError(_l("Choose the PDF file of the signed agreement."), "document")
    if len(content) > max_bytes:
        raise PartnershipError(
            _l(
                "The file is %(size)s; agreement documents may be at most %(limit)s. "
                "Scan at a lower resolution or compress the PDF.",
                size=size_label(len(content)),
                limit=size_label(max_bytes),
            ),
            "document",
        )
    if not content.startswith(PDF_MAGIC):
        raise PartnershipError(
            _l(
                "This file is not a PDF, whatever its name says. Save or export the agreement "
                "as PDF and upload that file."
            ),
            "document",
        )


def store_agreement_document(
    partnership: Partnership, *, filename: str | None, content: bytes, max_bytes: int, actor
) -> AgreementDocument:
    """Keep the agreement's PDF; a new upload replaces the old one (only the new one is kept).

    Side effects: one audit record, `agreement_document.upload` or `.replace` (with the old
    name, size and checksum as before); flushes.
    """
    _check(partnership, content, max_bytes)
    document = partnership.document
    replacing = document is not None
    before = audit.snapshot(document, DOCUMENT_FIELDS) if replacing else None
    if not replacing:
        document = AgreementDocument(partnership=partnership)
        db.session.add(document)
    document.filename = clean_filename(filename)
    document.content = content
    document.size = len(content)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.uploaded_by_id = getattr(actor, "id", None)
    document.uploaded_at = utcnow()
    db.session.flush()
    audit.record(
        "agreement_document.replace" if replacing else "agreement_document.upload",
        document,
        actor=actor,
        before=before,
        after=audit.snapshot(document, DOCUMENT_FIELDS),
    )
    db.session.flush()
    return document


def document_with_content(partnership: Partnership) -> AgreementDocument | None:
    """The agreement's document with its bytes loaded (only the download needs them)."""
    return db.session.scalar(
        select(AgreementDocument)
        .where(AgreementDocument.partnership_id == partnership.id)
        .options(undefer(AgreementDocument.content))
    )
