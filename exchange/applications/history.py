"""An application's timeline in the words the office reads: who did what, when, and why.

Built from the audit records of the application and of its documents
(exchange/applications/queries.timeline), so it shows every change, not a summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.queries import timeline
from exchange.applications.states import ApplicationState
from exchange.programs.states import DocumentType

ANSWER_LABELS = {
    "motivation": _l("motivation"),
    "language": _l("language"),
    "language_level": _l("language level"),
    "has_language_certificate": _l("language certificate"),
    "choices": _l("choices"),
}
DOCUMENT_TITLES = {
    "upload": _l("Document uploaded"),
    "replace": _l("Document replaced"),
    "remove": _l("Document removed"),
    "reject": _l("Document rejected"),
}


@dataclass
class TimelineEntry:
    when: datetime
    actor: str
    title: str
    from_state: ApplicationState | None = None
    to_state: ApplicationState | None = None
    note: str | None = None
    details: list[str] = field(default_factory=list)


def _state(value) -> ApplicationState | None:
    try:
        return ApplicationState(value) if value else None
    except ValueError:
        return None


def _document_words(event, documents: dict[int, ApplicationDocument]) -> list[str]:
    data = (event.after or {}) | {}
    if not data.get("filename"):
        data = (event.before or {}) | data
    document = documents.get(event.object_id)
    filename = data.get("filename") or (document.filename if document else None)
    doc_type = data.get("doc_type") or (document.doc_type.value if document else None)
    try:
        kind = DocumentType(doc_type).label if doc_type else None
    except ValueError:
        kind = doc_type
    words = ": ".join(str(w) for w in (kind, filename) if w)
    return [words] if words else []


def _entry(event, documents) -> TimelineEntry:
    actor = event.actor.full_name if event.actor else str(_l("System"))
    verb = event.action.rpartition(".")[2]
    if event.object_type == ApplicationDocument.__tablename__:
        return TimelineEntry(
            when=event.created_at,
            actor=actor,
            title=str(DOCUMENT_TITLES.get(verb, event.action)),
            note=event.note,
            details=_document_words(event, documents),
        )
    if verb == "start":
        return TimelineEntry(event.created_at, actor, str(_l("Application started")))
    if verb == "save_draft":
        changed = [str(ANSWER_LABELS.get(k, k)) for k in sorted(event.after or {})]
        details = [str(_l("Changed: %(fields)s", fields=", ".join(changed)))] if changed else []
        return TimelineEntry(event.created_at, actor, str(_l("Draft saved")), details=details)
    before, after = event.before or {}, event.after or {}
    return TimelineEntry(
        when=event.created_at,
        actor=actor,
        title=str(_l("Status changed")),
        from_state=_state(before.get("state")),
        to_state=_state(after.get("state")),
        note=event.note,
    )


def timeline_entries(application: Application) -> list[TimelineEntry]:
    """Every change of the application and its documents, oldest first."""
    documents = {d.id: d for d in application.documents}
    return [_entry(event, documents) for event in timeline(application)]
