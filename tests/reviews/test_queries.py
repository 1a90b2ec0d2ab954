"""The contract queries: review_scores (ranking) and reviewer_progress (call dashboard)."""

from decimal import Decimal

from exchange.reviews.queries import (
    ReviewerProgress,
    ReviewSummary,
    normalised_score,
    review_scores,
    reviewer_progress,
)
from tests import factories as f
from tests.queries import count_statements
from tests.reviews import factories as rf


def test_normalised_score_weighs_each_criterion_over_its_range():
    # 3 * (4-0)/(10-0) + 1 * (3-1)/(5-1) = 1.2 + 0.5 = 1.7 over a weight of 4 -> 42.5
    assert normalised_score([(3, 4, 0, 10), (1, 3, 1, 5)]) == Decimal("42.5")
    assert normalised_score([(2, 10, 0, 10)]) == Decimal(100)
    assert normalised_score([(2, -5, -5, 5)]) == Decimal(0)
    assert normalised_score([]) is None


def test_review_scores_means_submitted_reviews_only():
    call = rf.review_call()
    grades = rf.criterion(call, weight=3, min_score=0, max_score=10)
    motivation = rf.criterion(call, weight=1, min_score=1, max_score=5)
    application = rf.submitted_application(call)
    first = rf.assignment(application)
    second = rf.assignment(application)
    draft = rf.assignment(application)
    rf.review(first, {grades: 4, motivation: 3}, recommendation="support")  # 42.5
    rf.review(second, {grades: 10, motivation: 5}, recommendation="strongly_support")  # 100
    rf.review(draft, {grades: 0, motivation: 1}, submitted=False)
    rf.conflicted(application)
    untouched = rf.submitted_application(call)
    f.application(call=call)  # a draft is not in the ranking

    summaries = review_scores(call.id)

    assert summaries == {
        application.id: ReviewSummary(
            application_id=application.id,
            assigned=3,
            submitted=2,
            mean_score=Decimal("71.25"),
            recommendations=("support", "strongly_support"),
        ),
        untouched.id: ReviewSummary(
            application_id=untouched.id, assigned=0, submitted=0, mean_score=None,
            recommendations=(),
        ),
    }  # fmt: skip


def test_review_scores_rounds_to_cents():
    call = rf.review_call()
    crit = rf.criterion(call, min_score=0, max_score=3)
    application = rf.submitted_application(call)
    rf.review(rf.assignment(application), {crit: 1})

    assert review_scores(call.id)[application.id].mean_score == Decimal("33.33")


def test_review_scores_ignores_other_calls():
    call, other = rf.review_call(), rf.review_call()
    crit = rf.criterion(other)
    rf.review(rf.assignment(rf.submitted_application(other)), {crit: 5})

    assert review_scores(call.id) == {}


def _fill(call, n, crit, reviewer):
    for _ in range(n):
        application = rf.submitted_application(call)
        rf.review(rf.assignment(application, reviewer), {crit: 5})
        rf.review(rf.assignment(application), {crit: 7}, submitted=False)


def test_review_scores_runs_two_queries_whatever_the_size():
    call = rf.review_call()
    crit = rf.criterion(call)
    reviewer = f.faculty()
    call_id, counts = call.id, {}
    for n in (3, 30):
        _fill(call, n if n == 3 else 27, crit, reviewer)
        with count_statements() as statements:
            result = review_scores(call_id)
        counts[n] = len(statements)
        assert len(result) == n
    assert counts[3] == counts[30] == 2


def test_reviewer_progress_counts_per_reviewer():
    call = rf.review_call()
    crit = rf.criterion(call)
    busy = f.faculty(full_name="Aaron Busy")
    calm = f.faculty(full_name="Zoe Calm")
    apps = [rf.submitted_application(call) for _ in range(3)]
    rf.review(rf.assignment(apps[0], busy), {crit: 5})
    rf.assignment(apps[1], busy)
    rf.conflicted(apps[2], busy)
    rf.review(rf.assignment(apps[2], calm), {crit: 5})
    rf.assignment(rf.submitted_application(rf.review_call()), calm)  # another call

    call_id = call.id
    with count_statements() as statements:
        progress = reviewer_progress(call_id)

    # One query, plus the fixed eager loads of User (roles, scopes).
    assert [s for s in statements if "review_assignments" in s] == statements[:1]
    assert progress == [
        ReviewerProgress(reviewer=busy, assigned=2, submitted=1, conflicted=1, missing=1),
        ReviewerProgress(reviewer=calm, assigned=1, submitted=1, conflicted=0, missing=0),
    ]
