"""Factories for reviews: a call in its review phase, rubric criteria, assignments, reviews.
Each adds, commits and returns the object."""

from __future__ import annotations

from datetime import date, timedelta

from exchange.db import utcnow
from exchange.extensions import db
from exchange.reviews.models import (
    Review,
    ReviewAssignment,
    ReviewOpening,
    ReviewScore,
    RubricCriterion,
)
from exchange.reviews.states import AssignmentStatus, ReviewStatus
from tests import factories as f


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def review_call(*, phase: str = "open", **kw):
    """A call whose review phase is `phase`: scheduled (opens in 3 days), ready (dates
    reached, not opened yet), open (opened, closes in 5 days) or closed (ended yesterday)."""
    today = date.today()
    days = {
        "scheduled": (today + timedelta(days=3), today + timedelta(days=10)),
        "ready": (today - timedelta(days=1), today + timedelta(days=5)),
        "open": (today - timedelta(days=1), today + timedelta(days=5)),
        "closed": (today - timedelta(days=10), today - timedelta(days=1)),
        "not_planned": (None, None),
    }[phase]
    call = f.call(reviews_open_on=days[0], reviews_close_on=days[1], **kw)
    if phase in ("open", "closed"):
        _save(ReviewOpening(call_id=call.id))
        db.session.expire(call)
    return call


def criterion(call, **kw) -> RubricCriterion:
    count = len(db.session.scalars(db.select(RubricCriterion).where(
        RubricCriterion.call_id == call.id)).all())  # fmt: skip
    defaults = dict(name=f"Criterion {count + 1}", weight=1, min_score=0, max_score=10,
                    position=count + 1)  # fmt: skip
    return _save(RubricCriterion(call_id=call.id, **(defaults | kw)))


def submitted_application(call, *, state="under_review", program=None, **kw):
    """A submitted (by default under review) application with one choice in the call."""
    application = f.application(call=call, state=state, **kw)
    f.choice(application=application, program=program or f.program(call=call), rank=1)
    db.session.refresh(application)
    return application


def assignment(application, reviewer=None, **kw) -> ReviewAssignment:
    reviewer = reviewer or f.faculty()
    obj = ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id, **kw)
    obj.review = Review()
    return _save(obj)


def conflicted(application, reviewer=None, reason="Supervised the applicant") -> ReviewAssignment:
    return assignment(application, reviewer, status=AssignmentStatus.CONFLICTED,
                      conflict_reason=reason, conflict_declared_at=utcnow())  # fmt: skip


def review(assignment_obj, scores: dict | None = None, *, submitted=True,
           recommendation="support", comment=None) -> Review:  # fmt: skip
    """Fill the assignment's review: scores {criterion: score}, submitted unless told not."""
    obj = assignment_obj.review
    for crit, value in (scores or {}).items():
        obj.scores.append(ReviewScore(criterion_id=crit.id, score=value))
    obj.recommendation = recommendation
    obj.comment = comment
    obj.saved_at = utcnow()
    if submitted:
        obj.status = ReviewStatus.SUBMITTED
        obj.submitted_at = utcnow()
    return _save(obj)
