"""Factories for selection tests: a call with programs of known weights, scored applicants,
score rules. Each adds, commits and returns the object."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from exchange.db import utcnow
from exchange.extensions import db
from exchange.selection.models import ApplicationScore, ScoreFlag, ScoreRule
from tests import factories as f


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def selection_call(*, programs: int = 2, seats: int = 1, **weights):
    """A call with `programs` programs of `seats` seats each (weights as given, default
    50% GPA + 50% language), all under one agreement; returns (call, [programs])."""
    call = f.call()
    agreement = f.partnership()
    made = [
        f.program(
            call=call, partnership=agreement, seats=seats, title=f"Destination {i + 1}", **weights
        )  # fmt: skip
        for i in range(programs)
    ]
    db.session.expire(call)
    return call, made


_minute = iter(range(10**6))


def applicant(call, choices, *, gpa="3.00", level="B2", state="submitted", student=None,
              **kw):  # fmt: skip
    """A submitted application ranking `choices` (programs, most wanted first); submission
    times rise with each call so the earlier-submission rule is predictable."""
    student = student or f.student()
    application = f.application(
        call=call, student=student, state=state, language="en", language_level=level,
        gpa_at_submission=None if gpa is None else Decimal(gpa), **kw,
    )  # fmt: skip
    application.submitted_at = utcnow() - timedelta(days=1) + timedelta(minutes=next(_minute))
    for rank, program in enumerate(choices, start=1):
        f.choice(application=application, program=program, rank=rank)
    db.session.commit()
    db.session.refresh(application)
    return application


def office_score(application, *, interview=None, adjustment="0", reason=None):
    return _save(ApplicationScore(
        application_id=application.id,
        interview_score=None if interview is None else Decimal(str(interview)),
        adjustment=Decimal(adjustment), adjustment_reason=reason,
    ))  # fmt: skip


def rule(call, *, kind="manual", label=None, points="5"):
    label = label or ("Prior participation" if kind == "prior_participation" else "Hardship")
    return _save(ScoreRule(call_id=call.id, kind=kind, label=label, points=Decimal(points)))


def flag(application, rule_obj):
    return _save(ScoreFlag(application_id=application.id, rule_id=rule_obj.id))
