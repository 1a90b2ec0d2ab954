"""Shared arrangements for the application tests: a call with open programs and a student
who meets their requirements, and a draft that is ready to submit."""

from __future__ import annotations

from datetime import date

from exchange.applications import documents, services
from exchange.extensions import db
from tests import factories as f

TODAY = date.today()
MAX = 10 * 1024 * 1024


def open_call(programs: int = 2, **call_kw):
    """A call with `programs` open programs (transcript + motivation letter required)."""
    call = f.call(**call_kw)
    made = [f.program(call=call) for _ in range(programs)]
    db.session.expire(call, ["programs"])
    return call, made


def eligible_student(**kw):
    student = f.student(**kw)
    f.student_language(student, "en", "B2")
    return student


def ready_application(programs: int = 2, **call_kw):
    """A complete draft: choices, motivation, language answer, the required documents."""
    call, made = open_call(programs, **call_kw)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, motivation="I want to study abroad.",
                        language="en", cefr="B2",
                        choices=[(p.id, None) for p in made])  # fmt: skip
    for doc_type in ("transcript", "motivation"):
        documents.upload_document(application, doc_type, f"{doc_type}.pdf", f.PDF_BYTES,
                                  actor=student, max_bytes=MAX)  # fmt: skip
    db.session.commit()
    return application


def submitted_application(**call_kw):
    application = ready_application(**call_kw)
    services.submit_application(application, actor=application.student, today=TODAY)
    db.session.commit()
    return application
