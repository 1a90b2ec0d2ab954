"""Review numbers for other parts of the app: the ranking (review_scores) and the call
dashboard (reviewer_progress). Each runs a fixed number of queries for the whole call.

A review's score is its weighted rubric score normalised to 0-100:
    100 * sum(weight * (score - min) / (max - min)) / sum(weight)
over the criteria it scored; an application's mean_score is the mean over its SUBMITTED
reviews of active assignments (None when there is none), rounded to 2 decimals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from exchange.accounts.models import OrgUnit, User
from exchange.applications.models import Application
from exchange.applications.policy import visible_applications_clause
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.reviews.models import Review, ReviewAssignment, ReviewScore, RubricCriterion
from exchange.reviews.policy import my_assignments_query
from exchange.reviews.states import AssignmentStatus, Recommendation, ReviewStatus

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReviewSummary:
    application_id: int
    assigned: int  # active assignments (conflicted ones are not counted)
    submitted: int  # submitted reviews of active assignments
    mean_score: Decimal | None  # 0..100
    recommendations: tuple[str, ...]  # of the submitted reviews, in assignment order


@dataclass(frozen=True)
class ReviewerProgress:
    reviewer: User
    assigned: int  # active assignments in the call
    submitted: int
    conflicted: int  # conflicts of interest declared
    missing: int  # assigned - submitted


def normalised_score(parts) -> Decimal | None:
    """0-100 from (weight, score, min, max) tuples; None when there is nothing to weigh."""
    total = weighted = Decimal(0)
    for weight, score, low, high in parts:
        total += weight
        weighted += Decimal(weight) * (Decimal(score) - low) / (Decimal(high) - low)
    if not total:
        return None
    return 100 * weighted / total


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def review_scores(call_id: int) -> dict[int, ReviewSummary]:
    """Every submitted (or later) application of the call -> its review summary. Two queries."""
    active = ReviewAssignment.status == AssignmentStatus.ACTIVE
    rows = db.session.execute(
        select(
            Application.id,
            ReviewAssignment.id,
            ReviewAssignment.status,
            Review.status,
            Review.recommendation,
        )
        .outerjoin(ReviewAssignment, ReviewAssignment.application_id == Application.id)
        .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
        .where(Application.call_id == call_id, Application.submitted_at.is_not(None))
        .order_by(Application.id, ReviewAssignment.id)
    ).all()
    assigned: dict[int, int] = defaultdict(int)
    submitted: dict[int, int] = defaultdict(int)
    recommendations: dict[int, list[str]] = defaultdict(list)
    for app_id, assignment_id, status, review_status, recommendation in rows:
        assigned.setdefault(app_id, 0)
        if assignment_id is None or status != AssignmentStatus.ACTIVE:
            continue
        assigned[app_id] += 1
        if review_status == ReviewStatus.SUBMITTED:
            submitted[app_id] += 1
            recommendations[app_id].append(Recommendation(recommendation).value)
    parts: dict[tuple[int, int], list] = defaultdict(list)
    for app_id, review_id, weight, score, low, high in db.session.execute(
        select(
            ReviewAssignment.application_id,
            Review.id,
            RubricCriterion.weight,
            ReviewScore.score,
            RubricCriterion.min_score,
            RubricCriterion.max_score,
        )
        .join(Review, Review.assignment_id == ReviewAssignment.id)
        .join(ReviewScore, ReviewScore.review_id == Review.id)
        .join(RubricCriterion, RubricCriterion.id == ReviewScore.criterion_id)
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(
            Application.call_id == call_id,
            active,
            Review.status == ReviewStatus.SUBMITTED,
        )
    ):
        parts[(app_id, review_id)].append((weight, score, low, high))
    per_application: dict[int, list[Decimal]] = defaultdict(list)
    for (app_id, _review_id), review_parts in parts.items():
        value = normalised_score(review_parts)
        if value is not None:
            per_application[app_id].append(value)
    return {
        app_id: ReviewSummary(
            application_id=app_id,
            assigned=count,
            submitted=submitted[app_id],
            mean_score=_mean(per_application[app_id]),
            recommendations=tuple(recommendations[app_id]),
        )
        for app_id, count in assigned.items()
    }


def reviewer_progress(call_id: int) -> list[ReviewerProgress]:
    """Per reviewer of the call: assigned, submitted, conflicted, missing; by name. One query."""
    is_active = ReviewAssignment.status == AssignmentStatus.ACTIVE
    counts = (
        select(
            ReviewAssignment.reviewer_id.label("reviewer_id"),
            func.sum(case((is_active, 1), else_=0)).label("assigned"),
            func.sum(
                case((and_(is_active, Review.status == ReviewStatus.SUBMITTED), 1), else_=0)
            ).label("submitted"),
            func.sum(case((is_active, 0), else_=1)).label("conflicted"),
        )
        .join(Application, Application.id == ReviewAssignment.application_id)
        .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
        .where(Application.call_id == call_id)
        .group_by(ReviewAssignment.reviewer_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, counts.c.assigned, counts.c.submitted, counts.c.conflicted)
        .join(counts, counts.c.reviewer_id == User.id)
        .order_by(User.full_name, User.id)
    ).all()
    return [
        ReviewerProgress(
            reviewer=user,
            assigned=int(assigned),
            submitted=int(submitted),
            conflicted=int(conflicted),
            missing=int(assigned) - int(submitted),
        )
        for user, assigned, submitted, conflicted in rows
    ]


# --- The review screens' lists -------------------------------------------------------------


def submitted_applications(call, user) -> list[Application]:
    """The call's submitted applications this user may see, oldest submission first."""
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.call_id == call.id,
                Application.submitted_at.is_not(None),
                visible_applications_clause(user),
            )
            .order_by(Application.submitted_at, Application.id)
        ).unique()
    )


def assignments_by_application(ids: list[int]) -> dict[int, list[ReviewAssignment]]:
    """Every assignment (conflicted ones too) of these applications, with its review."""
    found: dict[int, list[ReviewAssignment]] = {i: [] for i in ids}
    if ids:
        for a in db.session.scalars(
            select(ReviewAssignment)
            .where(ReviewAssignment.application_id.in_(ids))
            .options(selectinload(ReviewAssignment.review).selectinload(Review.scores))
            .order_by(ReviewAssignment.id)
        ):
            found[a.application_id].append(a)
    return found


def reviews_of(application, criteria) -> list[dict]:
    """Each assignment of the application with its review and that review's 0-100 score."""
    by_id = {c.id: c for c in criteria}
    rows = []
    for a in assignments_by_application([application.id])[application.id]:
        review: Review | None = a.review
        score = None
        if review is not None and review.scores:
            score = normalised_score(
                (by_id[s.criterion_id].weight, s.score, by_id[s.criterion_id].min_score,
                 by_id[s.criterion_id].max_score)
                for s in review.scores if s.criterion_id in by_id
            )  # fmt: skip
        rows.append({"assignment": a, "review": review, "score": score})
    return rows


def other_reviews(assignment: ReviewAssignment) -> list[Review]:
    """The reviews of the other active assignments to the same application."""
    return [
        a.review
        for a in assignments_by_application([assignment.application_id])[assignment.application_id]
        if a.id != assignment.id and a.is_active and a.review is not None
    ]


def replacements_needed(call_id: int) -> int:
    """Conflicted assignments of the call nobody has replaced yet."""
    return db.session.scalar(
        select(func.count(ReviewAssignment.id))
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(
            Application.call_id == call_id,
            ReviewAssignment.status == AssignmentStatus.CONFLICTED,
            ReviewAssignment.replacement_id.is_(None),
        )
    )


def waiting_units(call_id: int, states) -> list[tuple[OrgUnit, int]]:
    """Units of the call's applicants in these states, with how many applications each has."""
    return db.session.execute(
        select(OrgUnit, func.count(Application.id))
        .join(User, User.org_unit_id == OrgUnit.id)
        .join(Application, Application.student_id == User.id)
        .where(Application.call_id == call_id, Application.state.in_(list(states)))
        .group_by(OrgUnit.id)
        .order_by(OrgUnit.name)
    ).all()


def users_by_ids(ids) -> list[User]:
    return list(db.session.scalars(select(User).where(User.id.in_(list(ids)))).unique())


def my_assignments(user) -> list[ReviewAssignment]:
    """The reviewer's "My reviews" list (policy.my_assignments_query) with what it shows."""
    return list(
        db.session.scalars(
            my_assignments_query(user).options(
                selectinload(ReviewAssignment.review),
                joinedload(ReviewAssignment.application)
                .joinedload(Application.call)
                .selectinload(Call.review_opening),
            )
        )
    )
