"""Writing a review: scores per criterion, a recommendation and a comment, saved as a draft
or submitted, with an optimistic lock.

The lock: every save names the version the reviewer loaded (a hidden form field). A save from
an older version is refused with ReviewConflict before anything changes; a save racing
another one past that check is refused by the database (SQLAlchemy's version_id_col: the
UPDATE matches no row), which also raises ReviewConflict. Every save rewrites `saved_at`, so
the version moves even when only the scores (another table) changed.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.reviews.errors import ReviewConflict, ReviewError
from exchange.reviews.models import Review, ReviewScore
from exchange.reviews.phase import review_phase
from exchange.reviews.rubric import criteria_of
from exchange.reviews.states import AssignmentStatus, Recommendation, ReviewPhase, ReviewStatus

COMMENT_MAX = 10000
CONFLICT_MESSAGE = _l(
    "This review was changed elsewhere (another tab or device) after you opened it. Nothing "
    "you typed was saved: compare with the saved version below, then save again."
)


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def _check_scores(criteria, scores: dict, complete: bool) -> dict[int, int]:
    checked = {}
    for criterion in criteria:
        value = scores.get(criterion.id)
        if value is None:
            if complete:
                raise ReviewError(
                    _l("Score “%(name)s” before submitting.", name=criterion.name),
                    score_field(criterion.id),
                )
            continue
        if not isinstance(value, int) or not criterion.min_score <= value <= criterion.max_score:
            raise ReviewError(
                _l("Enter a whole number from %(low)s to %(high)s.",
                   low=criterion.min_score, high=criterion.max_score),
                score_field(criterion.id),
            )  # fmt: skip
        checked[criterion.id] = value
    return checked


def save_review(
    review: Review,
    *,
    actor,
    expected_version: int | None,
    scores: dict[int, int | None],
    recommendation: str | None,
    comment: str | None,
    submit: bool,
    today: date | None = None,
) -> Review:
    """Save the review as a draft, or submit it (a submitted review stays submitted: each
    later save must be complete too).

    Side effects: scores replaced, recommendation and comment set, `saved_at` (and on the
    first submission `submitted_at`) stamped, the version increased; a `review.save` or
    `review.submit` audit record (without the comment's text). Flushes. Raises ReviewError
    for a closed phase or a bad value, ReviewConflict for a stale version.
    """
    assignment, review_id = review.assignment, review.id
    application = assignment.application
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ReviewError(_l("You declared a conflict of interest; this review is closed."))
    if review_phase(application.call, today or date.today()) != ReviewPhase.OPEN:
        raise ReviewError(_l("The review phase is not open; reviews cannot be saved now."))
    if expected_version is None or expected_version != review.version:
        raise ReviewConflict(CONFLICT_MESSAGE, review.id)
    complete = submit or review.status == ReviewStatus.SUBMITTED
    checked = _check_scores(criteria_of(application.call_id), scores, complete)
    if recommendation:
        try:
            recommendation = Recommendation(recommendation)
        except ValueError:
            raise ReviewError(
                _l("Choose a recommendation from the list."), "recommendation"
            ) from None
    elif complete:
        raise ReviewError(_l("Choose a recommendation before submitting."), "recommendation")
    comment = (comment or "").strip() or None
    if comment and len(comment) > COMMENT_MAX:
        raise ReviewError(
            _l("Keep the comment under %(max)s characters.", max=COMMENT_MAX), "comment"
        )
    before = _snapshot(review)
    by_criterion = {s.criterion_id: s for s in review.scores}
    for criterion_id, item in by_criterion.items():
        if criterion_id not in checked:
            review.scores.remove(item)
    for criterion_id, value in checked.items():
        if criterion_id in by_criterion:
            by_criterion[criterion_id].score = value
        else:
            review.scores.append(ReviewScore(criterion_id=criterion_id, score=value))
    review.recommendation = recommendation or None
    review.comment = comment
    review.saved_at = utcnow()
    first_submission = complete and review.status != ReviewStatus.SUBMITTED
    if complete:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = review.submitted_at or review.saved_at
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ReviewConflict(CONFLICT_MESSAGE, review_id) from error
    audit.record(
        "review.submit" if first_submission else "review.save", review, actor=actor,
        before=before, after=_snapshot(review),
    )  # fmt: skip
    db.session.flush()
    return review


def _snapshot(review: Review) -> dict:
    return {
        "status": review.status.value if review.status else None,
        "recommendation": review.recommendation.value if review.recommendation else None,
        "scores": {str(s.criterion_id): s.score for s in review.scores},
        "comment_length": len(review.comment or ""),
        "version": review.version,
    }
