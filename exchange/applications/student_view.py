"""What the student's screens read about applications: whether a program can be applied to
from the catalogue (and if not, why), the state and timeline in the student's words, and the
document rows of a draft. Reads only; the changes are in services.py and documents.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from exchange.applications.checklist import required_types
from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.queries import timeline
from exchange.applications.states import (
    DECISIONS,
    EDITABLE,
    ApplicationState,
    DocumentStatus,
    state_for_student,
)
from exchange.extensions import db
from exchange.partnerships.states import LIVE
from exchange.programs.states import DocumentType, ProgramState

S = ApplicationState


# --- Applying from the catalogue ----------------------------------------------------------


@dataclass(frozen=True)
class ApplyOption:
    """What the catalogue offers for one program: `action` is "start" (a new application),
    "add" (a choice in the existing draft), "open" (the application is there already) or
    "none"; `message` says why in plain words; `application` is the student's for the call."""

    action: str
    message: str = ""
    application: Application | None = None

    @property
    def can_post(self) -> bool:
        return self.action in ("start", "add")


def applications_by_call(student, call_ids) -> dict[int, Application]:
    """The student's applications to these calls, keyed by call id (one query)."""
    ids = {i for i in call_ids if i is not None}
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Application).where(
            Application.student_id == student.id, Application.call_id.in_(ids)
        )
    )
    return {a.call_id: a for a in rows}


def apply_option(program, verdict, application: Application | None) -> ApplyOption:
    """May the student apply to `program` now, given the eligibility verdict and their
    application to its call (if any)? The same answer guards the button and the POST."""
    if program.call_id is None:
        return ApplyOption(
            "none",
            _("This program does not take applications in Exchange yet; ask the international "
              "office how to apply."),
        )  # fmt: skip
    if application is not None:
        chosen = next((c for c in application.choices if c.program_id == program.id), None)
        if application.state not in EDITABLE:
            return ApplyOption(
                "open",
                _("You already applied to this call (%(state)s).",
                  state=student_state(application).label.lower()),
                application,
            )  # fmt: skip
        if chosen is not None:
            return ApplyOption(
                "open",
                _("This program is choice %(rank)s in your draft application.", rank=chosen.rank),
                application,
            )
        if len(application.choices) >= application.call.max_choices:
            return ApplyOption(
                "open",
                _("Your draft already ranks %(count)s programs, the most this call allows; "
                  "remove one to add this program.", count=len(application.choices)),
                application,
            )  # fmt: skip
    if not verdict.eligible:
        return ApplyOption(
            "none", _("You cannot apply to this program now; the reasons are above.")
        )
    if application is not None:
        return ApplyOption(
            "add",
            _("Add it to your draft application as choice %(rank)s.",
              rank=len(application.choices) + 1),
            application,
        )  # fmt: skip
    return ApplyOption("start", _("Start an application; you can rank more programs of the call."))


# --- State and timeline in the student's words --------------------------------------------


def results_released(application: Application) -> bool:
    """Whether the call's selection results are released to students (Call.results_released_at,
    set by exchange/placements/release.py); until then no decision is shown to students."""
    return application.call.results_released_at is not None


def student_state(application: Application) -> ApplicationState:
    return state_for_student(application.state, released=results_released(application))


@dataclass
class TimelineEntry:
    when: datetime
    who: str
    what: str
    note: str | None = None
    badge: str = "secondary"
    count: int = 1
    details: list[str] = field(default_factory=list)


FIELD_WORDS = {
    "motivation": lambda: _("motivation"),
    "language": lambda: _("language"),
    "language_level": lambda: _("language level"),
    "has_language_certificate": lambda: _("language certificate"),
    "choices": lambda: _("choices"),
}


def _document_words(event) -> tuple[str, str]:
    data = event.after or event.before or {}
    try:
        label = DocumentType(data.get("doc_type")).label
    except ValueError:
        label = _("document")
    return label, data.get("filename") or ""


def _describe(event, application: Application) -> tuple[str, str, list[str]] | None:
    """(what, badge, details) for one audit event, or None when students must not see it.
    The event's note (a withdrawal reason, a rejection reason) is shown beside it."""
    action = event.action
    if action.startswith("application_document."):
        label, filename = _document_words(event)
        verb = action.split(".", 1)[1]
        words = {
            "upload": _("Uploaded %(document)s", document=label),
            "replace": _("Replaced %(document)s", document=label),
            "remove": _("Removed %(document)s", document=label),
            "reject": _("The office did not accept %(document)s", document=label),
        }
        if verb not in words:
            return None
        if verb == "reject":
            return words[verb], "danger", []
        return words[verb], "light", [filename] if filename else []
    if not action.startswith("application."):
        return None
    verb = action.split(".", 1)[1]
    if verb == "start":
        return _("Application started"), "light", []
    if verb == "save_draft":
        changed = [FIELD_WORDS[k]() for k in (event.after or {}) if k in FIELD_WORDS]
        return _("Draft saved"), "light", changed
    try:
        state = ApplicationState(verb)
    except ValueError:
        return None
    if state in DECISIONS and not results_released(application):
        return None
    if state == S.DRAFT:
        return _("Reopened for editing"), state.badge, []
    return state.label, state.badge, []


def student_timeline(application: Application, viewer) -> list[TimelineEntry]:
    """The changes a student may see, oldest first, in plain words; consecutive draft saves
    by the same person fold into one entry. One query (the actor is joined in)."""
    entries: list[TimelineEntry] = []
    for event in timeline(application):
        described = _describe(event, application)
        if described is None:
            continue
        what, badge, details = described
        if event.actor is None:
            who = _("Exchange")
        elif event.actor_id == getattr(viewer, "id", None):
            who = _("You")
        else:
            who = event.actor.full_name
        # A reopening's note only repeats its title.
        note = None if event.action == "application.draft" else event.note
        last = entries[-1] if entries else None
        if (
            event.action == "application.save_draft"
            and last is not None
            and last.what == what
            and last.who == who
        ):
            last.count += 1
            last.when = event.created_at
            last.details = sorted(set(last.details) | set(details))
            continue
        entries.append(TimelineEntry(event.created_at, who, what, note, badge, 1, details))
    return entries


# --- Document rows of a draft -------------------------------------------------------------


@dataclass
class DocumentRow:
    doc_type: DocumentType
    required: bool
    current: ApplicationDocument | None
    rejected: ApplicationDocument | None


def document_rows(application: Application) -> list[DocumentRow]:
    """One row per document type the draft needs or has, plus the language certificate
    (optional unless a chosen program asks for it): what is there and what to replace."""
    needed = set(required_types(application))
    types = needed | {d.doc_type for d in application.documents
                      if d.status != DocumentStatus.REPLACED} | {DocumentType.LANGUAGE}  # fmt: skip
    rows = []
    for doc_type in DocumentType:
        if doc_type not in types:
            continue
        rejected = application.rejected_awaiting_replacement(doc_type)
        rows.append(
            DocumentRow(
                doc_type=doc_type,
                required=doc_type in needed,
                current=application.current_document(doc_type),
                rejected=rejected[-1] if rejected else None,
            )
        )
    return rows


def next_step(application: Application) -> str:
    """The next step of the (student-visible) state, with the effective deadline filled in."""
    return student_state(application).next_step_before(application.effective_deadline())


def closed_choices(application: Application, today: date) -> list:
    """Chosen programs whose window has closed (or that stopped taking applications): while
    any is among the choices, the draft cannot be submitted."""
    return [
        c
        for c in application.choices
        if c.program.state != ProgramState.PUBLISHED
        or c.program.partnership.state not in LIVE
        or today > c.program.closes_on
    ]
