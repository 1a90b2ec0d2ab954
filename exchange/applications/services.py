"""Changes to applications: start, save a draft, submit, reopen, withdraw.

Every service checks the rules first and changes nothing when one is broken (it raises an
ApplicationError naming the field, and for a choice its index), writes an audit record for
every change and flushes; the request commits once. State changes go through
application_workflow and then send `state_changed` (exchange/applications/signals.py), so
that later workflows (seats, waitlists) can react. Documents are in documents.py.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from exchange import audit
from exchange.accounts.roles import Role
from exchange.applications.checklist import missing_items
from exchange.applications.errors import ApplicationError
from exchange.applications.models import Application, ApplicationChoice
from exchange.applications.notifying import notify_application
from exchange.applications.policy import coordinators_concerned
from exchange.applications.queries import lock_for_update
from exchange.applications.states import (
    EDITABLE,
    WITHDRAWABLE,
    ApplicationState,
)
from exchange.applications.transitions import move
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.notify import notify, site_path
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from exchange.reference import CEFR_LEVELS, LANGUAGES

S = ApplicationState
UNSET = object()  # "not given": save_draft leaves that part as it is
MOTIVATION_MAX = 10_000
REASON_MAX = 2_000
ANSWER_FIELDS = ["motivation", "language", "language_level", "has_language_certificate"]
# Programs a student can see and choose: published, or closed (shown, but not submittable).
CHOOSABLE = frozenset({ProgramState.PUBLISHED, ProgramState.CLOSED})


def _snapshot(application: Application) -> dict:
    data = audit.snapshot(application, ANSWER_FIELDS)
    data["choices"] = [[c.program_id, c.motivation] for c in application.choices]
    return data


def _require_editable(application: Application) -> None:
    if application.state not in EDITABLE:
        raise ApplicationError(
            _l(
                "This application is %(state)s and can no longer be changed.",
                state=application.state.label.lower(),
            )
        )


def application_for(student, call) -> Application | None:
    return db.session.scalar(
        select(Application).where(
            Application.student_id == student.id, Application.call_id == call.id
        )
    )


def start_application(student, call, *, actor, today: date | None = None) -> Application:
    """The student's application to the call: the existing one, or a new draft.

    Side effects (new draft only): an `application.start` audit record; flushes. Two starts
    at once still give one application: the database's unique (student, call) decides.
    """
    existing = application_for(student, call)
    if existing is not None:
        return existing
    if not student.has_role(Role.STUDENT):
        raise ApplicationError(_l("Only students can apply."))
    today = today or date.today()
    if not any(p.state == ProgramState.PUBLISHED and p.closes_on >= today for p in call.programs):
        raise ApplicationError(_l("This call is not taking applications."))
    application = Application(student=student, call=call, state=S.DRAFT)
    try:
        with db.session.begin_nested():
            db.session.add(application)
            db.session.flush()
    except IntegrityError:
        existing = application_for(student, call)
        if existing is None:
            raise
        return existing
    audit.record("application.start", application, actor=actor,
                 after={"call_id": call.id, "student_id": student.id})  # fmt: skip
    db.session.flush()
    return application


def _text(value, field: str, limit: int = MOTIVATION_MAX, index: int | None = None):
    value = (value or "").strip()
    if len(value) > limit:
        raise ApplicationError(
            _l(
                "Keep this under %(limit)s characters; it has %(count)s.",
                limit=f"{limit:,}",
                count=f"{len(value):,}",
            ),
            field,
            index,
        )
    return value or None


def _check_choices(application: Application, choices) -> list[tuple[Program, str | None]]:
    call = application.call
    choices = list(choices)
    if len(choices) > call.max_choices:
        raise ApplicationError(
            _l("This call lets you rank at most %(max)s programs.", max=call.max_choices),
            "choices",
            call.max_choices,
        )
    rows, seen = [], set()
    for index, (program_id, motivation) in enumerate(choices):
        try:
            program_id = int(program_id)
        except (TypeError, ValueError):
            raise ApplicationError(
                _l("Choose a program from the list."), "choices", index
            ) from None
        if program_id in seen:
            raise ApplicationError(
                _l("You chose this program twice; list each destination once."), "choices", index
            )
        seen.add(program_id)
        program = db.session.get(Program, program_id)
        if program is None or program.call_id != call.id or program.state not in CHOOSABLE:
            raise ApplicationError(
                _l("This program is not part of the call; choose one from the list."),
                "choices",
                index,
            )
        rows.append((program, _text(motivation, "choice_motivation", index=index)))
    return rows


def _write_choices(application: Application, rows) -> None:
    # Delete, flush, insert: the unique (application, rank) never sees two rows at one rank.
    application.choices.clear()
    db.session.flush()
    for rank, (program, motivation) in enumerate(rows, start=1):
        application.choices.append(
            ApplicationChoice(program=program, rank=rank, motivation=motivation)
        )


def save_draft(
    application: Application,
    *,
    actor,
    motivation=UNSET,
    language=UNSET,
    cefr=UNSET,
    has_certificate=UNSET,
    choices=UNSET,
    expected_version: int | None = None,
) -> Application:
    """Save what the student typed; parts not given stay as they are.

    `choices` is [(program_id, motivation), ...] in rank order. Everything is checked before
    anything changes; a broken rule raises ApplicationError and nothing is applied. With
    `expected_version` (the version the form was loaded with), a draft changed meanwhile in
    another window is refused rather than overwritten.
    Side effects: an `application.save_draft` audit record with the changes; flushes.
    """
    lock_for_update(application)
    _require_editable(application)
    if expected_version is not None and expected_version != application.version:
        raise ApplicationError(
            _l("This draft was changed in another window. Reload it, then make your changes.")
        )
    data = {}
    if motivation is not UNSET:
        data["motivation"] = _text(motivation, "motivation")
    if language is not UNSET:
        data["language"] = (language or "").strip().lower() or None
        if data["language"] and data["language"] not in LANGUAGES:
            raise ApplicationError(_l("Choose a language from the list."), "language")
    if cefr is not UNSET:
        data["language_level"] = (cefr or "").strip().upper() or None
        if data["language_level"] and data["language_level"] not in CEFR_LEVELS:
            raise ApplicationError(_l("Choose a level from A1 to C2."), "cefr")
    if has_certificate is not UNSET:
        data["has_language_certificate"] = bool(has_certificate)
    level = data.get("language_level", application.language_level)
    if level and not data.get("language", application.language):
        raise ApplicationError(_l("Choose the language your level is for."), "language")
    rows = _check_choices(application, choices) if choices is not UNSET else None

    before = _snapshot(application)
    for name, value in data.items():
        setattr(application, name, value)
    if rows is not None:
        _write_choices(application, rows)
    db.session.flush()
    old, new = audit.changes(before, _snapshot(application))
    if new:
        application.updated_at = utcnow()  # an UPDATE of the row, so its version moves too
        audit.record("application.save_draft", application, actor=actor, before=old, after=new)
        db.session.flush()
    return application


def _current_choices(application: Application) -> list[tuple[int, str | None]]:
    return [(c.program_id, c.motivation) for c in application.choices]


def add_choice(application: Application, program: Program, *, actor, motivation=None):
    """Add a program as the last choice (nothing happens when it is already chosen)."""
    current = _current_choices(application)
    if any(pid == program.id for pid, _m in current):
        return application
    return save_draft(application, actor=actor, choices=[*current, (program.id, motivation)])


def reorder_choices(application: Application, program_ids, *, actor) -> Application:
    """Put the chosen programs in a new order (the same programs, each once)."""
    _require_editable(application)
    motivations = dict(_current_choices(application))
    order = [int(pid) for pid in program_ids]
    if sorted(order) != sorted(motivations) or len(set(order)) != len(order):
        raise ApplicationError(_l("Reorder the programs you chose, each once."), "choices")
    return save_draft(application, actor=actor, choices=[(p, motivations[p]) for p in order])


def remove_choice(application: Application, program_id: int, *, actor) -> Application:
    """Take one program out of the choices; the ones below move up a rank."""
    _require_editable(application)
    current = _current_choices(application)
    if all(pid != int(program_id) for pid, _m in current):
        raise ApplicationError(_l("This program is not among your choices."), "choices")
    rest = [(pid, m) for pid, m in current if pid != int(program_id)]
    return save_draft(application, actor=actor, choices=rest)


def _choice_lines(application: Application) -> str:
    return "\n".join(f"{c.rank}. {c.program.title}" for c in application.choices)


def submit_application(application: Application, *, actor, today: date) -> bool:
    """Submit a complete, eligible draft inside the window; the content is then frozen.

    Returns True when this call submitted it, False when it was already submitted (a double
    click, or two requests at once: the row lock lets one through, the other sees it done).
    Side effects: copies the GPA as recorded, sets submitted_at; `application.submitted`
    audit record; notifies the student (notice and confirmation mail); flushes.
    """
    lock_for_update(application)
    if application.state == S.SUBMITTED:
        return False
    if application.state != S.DRAFT:
        raise ApplicationError(
            _l("A %(state)s application cannot be submitted.",
               state=application.state.label.lower())
        )  # fmt: skip
    missing = missing_items(application, today)
    if missing:
        raise ApplicationError(
            _l("Not ready to submit yet: %(count)s item(s) on the checklist are missing.",
               count=len(missing)),
            "checklist", items=missing,
        )  # fmt: skip
    application.gpa_at_submission = application.student.gpa
    application.submitted_at = utcnow()
    event = move(application, S.SUBMITTED, actor=actor)
    event.after = (
        event.after
        | audit.snapshot(application, ["gpa_at_submission"])
        | {"choices": [c.program_id for c in application.choices]}
    )
    deadline = application.effective_deadline()
    notify_application(
        [application.student], application, kind="submitted",
        title=_l("Application submitted: %(call)s", call=application.call.title),
        body=_l("We received your application on %(day)s with these choices:\n%(choices)s",
                day=application.submitted_at.date().isoformat(),
                choices=_choice_lines(application)),
        deadline=deadline,
    )  # fmt: skip
    _tell_the_office(
        application,
        kind="application.received",
        title=_l("New application from %(name)s", name=application.student.full_name),
        body=_l("%(name)s submitted an application to %(call)s:\n%(choices)s",
                name=application.student.full_name, call=application.call.title,
                choices=_choice_lines(application)),
    )  # fmt: skip
    db.session.flush()
    return True


def _tell_the_office(application: Application, *, kind: str, title, body) -> None:
    """An in-app notice (no mail: offices receive many) for each coordinator in scope."""
    notify(
        coordinators_concerned(application),
        kind=kind,
        title=str(title),
        body=str(body),
        link=site_path("coordinator.application_detail", application_id=application.id),
        obj=application,
        mail=False,
    )


def reopen_deadline_passed(application: Application, today: date) -> bool:
    deadline = application.effective_deadline()
    return deadline is None or today > deadline


def reopen_application(application: Application, *, actor, today: date) -> Application:
    """Turn a submitted application back into a draft, if the call allows it and the
    deadline has not passed; it must then be submitted again.

    Side effects: clears submitted_at and the GPA as recorded; `application.draft` audit
    record; notifies the student; flushes.
    """
    lock_for_update(application)
    if application.state != S.SUBMITTED:
        raise ApplicationError(_l("Only a submitted application can be reopened."))
    if not application.call.allow_reopen:
        raise ApplicationError(_l("This call does not allow reopening a submitted application."))
    if reopen_deadline_passed(application, today):
        raise ApplicationError(_l("The deadline has passed; the application stays submitted."))
    application.submitted_at = None
    application.gpa_at_submission = None
    move(application, S.DRAFT, actor=actor, note=str(_l("Reopened for editing")))
    notify_application(
        [application.student], application, kind="reopened",
        title=_l("Application reopened: %(call)s", call=application.call.title),
        body=_l("Your application is a draft again. Submit it again before %(day)s, or it "
                "will not be considered.", day=application.effective_deadline().isoformat()),
    )  # fmt: skip
    db.session.flush()
    return application


def withdraw_application(application: Application, *, actor, reason: str | None = None):
    """Withdraw an application that is not final, with an optional reason.

    Side effects: records the time and reason; `application.withdrawn` audit record (the
    reason as its note); `state_changed` lets seat logic free a held place; notifies the
    student; flushes.
    """
    lock_for_update(application)
    if application.state not in WITHDRAWABLE:
        raise ApplicationError(
            _l("A %(state)s application cannot be withdrawn.",
               state=application.state.label.lower())
        )  # fmt: skip
    reason = _text(reason, "reason", REASON_MAX)
    application.withdrawn_at = utcnow()
    application.withdraw_reason = reason
    move(application, S.WITHDRAWN, actor=actor, note=reason)
    notify_application(
        [application.student], application, kind="withdrawn",
        title=_l("Application withdrawn: %(call)s", call=application.call.title),
        body=_l("Your application was withdrawn on %(day)s.",
                day=application.withdrawn_at.date().isoformat()),
        reason=reason,
    )  # fmt: skip
    if application.submitted_at is not None:
        # The office saw it: tell them the place it asked for is free again.
        _tell_the_office(
            application,
            kind="application.withdrawn",
            title=_l("%(name)s withdrew an application", name=application.student.full_name),
            body=_l("%(name)s withdrew the application to %(call)s.",
                    name=application.student.full_name, call=application.call.title),
        )  # fmt: skip
    db.session.flush()
    return application
