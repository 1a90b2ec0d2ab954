"""Helpers shared by the student application screen tests: drafts, form data, errors."""

import re

from sqlalchemy import func, select

from exchange.applications import services
from exchange.applications.models import Application
from exchange.extensions import db
from tests.applications.helpers import (
    eligible_student,
    open_call,
)


def count_rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def make_draft(programs=2, **call_kw):
    """A started draft with the call's programs as choices in order, nothing else."""
    call, made = open_call(programs, **call_kw)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, choices=[(p.id, None) for p in made])
    db.session.commit()
    return application, made


def draft_form(application, **values):
    """What the draft page posts: the saved rows plus the given values."""
    data = {
        "version": str(application.version),
        "motivation": application.motivation or "",
        "language": application.language or "",
        "cefr": application.language_level or "",
        "choice_program": [str(c.program_id) for c in application.choices],
        "choice_motivation": [c.motivation or "" for c in application.choices],
        "action": "save",
    }
    return data | values


def reload(application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)


def error_beside(page: str, key: str) -> str:
    found = re.search(rf'data-error="{re.escape(key)}">([^<]*)<', page)
    return found.group(1).strip() if found else ""
