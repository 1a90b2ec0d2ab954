"""Who may assign reviewers, review, declare a conflict, read reviews and shape the rubric.

Who: coordinators (calls are university-wide; an application is assigned only by a
coordinator whose scope covers it, as in exchange/applications/policy.py); the faculty member
an assignment names. Students never reach a review: no rule here ever answers True for them.
When: the review phase of the call (exchange/reviews/phase.py) and the application's state.
Conflicts of interest are resolved by the office, so a conflicted assignment allows nothing.

Editing a review is the assigned reviewer's alone (no coordinator edits on anyone's behalf):
the optimistic lock of the review guards against the same reviewer's two tabs or devices.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, select

from exchange.accounts.roles import Role, has_role
from exchange.applications import policy as application_policy
from exchange.applications.models import Application
from exchange.applications.policy import is_coordinator_for
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.reviews.models import Review, ReviewAssignment
from exchange.reviews.phase import may_open_reviews, review_phase
from exchange.reviews.states import AssignmentStatus, ReviewPhase

S = ApplicationState
# Applications a reviewer may be assigned to, and reviewed: sent in and not decided yet.
ASSIGNABLE = frozenset({S.SUBMITTED, S.UNDER_REVIEW})


def _phase(call, today):
    return review_phase(call, today or date.today())


def can_assign_reviewers(user, call, today: date | None = None) -> bool:
    """The call's assignment screens: coordinators, until the review phase closes."""
    return has_role(user, Role.COORDINATOR) and _phase(call, today) != ReviewPhase.CLOSED


def can_assign_to(user, application: Application, today: date | None = None) -> bool:
    """Assign a reviewer to this application: a coordinator covering it, while it waits."""
    return (
        can_assign_reviewers(user, application.call, today)
        and is_coordinator_for(user, application)
        and application.state in ASSIGNABLE
    )


def can_configure_rubric(user, call, today: date | None = None) -> bool:
    """Add, edit, reorder and remove criteria (a criterion someone scored stays: service)."""
    return has_role(user, Role.COORDINATOR) and _phase(call, today) != ReviewPhase.CLOSED


def can_open_reviews(user, call, today: date | None = None) -> bool:
    """The button: from reviews_open_on to reviews_close_on, once (the rubric: service)."""
    return has_role(user, Role.COORDINATOR) and may_open_reviews(call, today or date.today())


def is_reviewer(user, assignment: ReviewAssignment) -> bool:
    return has_role(user, Role.FACULTY) and assignment.reviewer_id == user.id


def can_view_assignment(user, assignment: ReviewAssignment) -> bool:
    """The reviewer's page of the assignment (read-only outside the phase or when conflicted)."""
    return is_reviewer(user, assignment) and assignment.application.submitted_at is not None


def can_review(user, assignment: ReviewAssignment, today: date | None = None) -> bool:
    """Save (draft or submitted) the review: the reviewer, while the phase is open."""
    return (
        is_reviewer(user, assignment)
        and assignment.status == AssignmentStatus.ACTIVE
        and assignment.application.state == S.UNDER_REVIEW
        and _phase(assignment.application.call, today) == ReviewPhase.OPEN
    )


def can_declare_conflict(user, assignment: ReviewAssignment, today: date | None = None) -> bool:
    """The reviewer, before submitting a review, until the phase closes."""
    review = assignment.review
    return (
        is_reviewer(user, assignment)
        and assignment.status == AssignmentStatus.ACTIVE
        and assignment.application.state in ASSIGNABLE
        and (review is None or review.submitted_at is None)
        and _phase(assignment.application.call, today) != ReviewPhase.CLOSED
    )


def can_see_reviews(
    user, application: Application, today: date | None = None, *, assignments=None
) -> bool:
    """Every review of the application: coordinators covering it, always; its reviewers (of an
    active assignment) once the phase has closed. `assignments` spares a query in lists."""
    if application.submitted_at is None:
        return False
    if is_coordinator_for(user, application):
        return True
    if not has_role(user, Role.FACULTY) or _phase(application.call, today) != ReviewPhase.CLOSED:
        return False
    if assignments is None:
        assignments = db.session.scalars(
            select(ReviewAssignment).where(ReviewAssignment.application_id == application.id)
        ).all()
    return any(a.reviewer_id == user.id and a.is_active for a in assignments)


def can_see_review(user, review: Review, today: date | None = None) -> bool:
    """One review: its own reviewer always, others as can_see_reviews says."""
    assignment = review.assignment
    return is_reviewer(user, assignment) or can_see_reviews(user, assignment.application, today)


@application_policy.is_reader.register
def is_assigned_reviewer(user, application: Application) -> bool:
    """A faculty member with an active assignment to this application: it lets them read the
    application and download its documents. A declared conflict ends that access."""
    if not has_role(user, Role.FACULTY):
        return False
    found = db.session.scalar(select(ReviewAssignment.id).where(*_active(user, application.id)))
    return found is not None


def _active(user, application_id) -> tuple:
    """The user's active assignment to an application (an id, or Application.id in a list)."""
    return (
        ReviewAssignment.application_id == application_id,
        ReviewAssignment.reviewer_id == user.id,
        ReviewAssignment.status == AssignmentStatus.ACTIVE,
    )


@application_policy.reader_clause.register
def _reviewer_clause(user):
    """The list form of is_assigned_reviewer: applications with my active assignment."""
    if not has_role(user, Role.FACULTY):
        return None
    return exists(select(ReviewAssignment.id).where(*_active(user, Application.id)))


def my_assignments_query(user) -> Select:
    """The assignments listed on "My reviews": mine, submitted applications, newest call first;
    agrees with can_view_assignment."""
    return (
        select(ReviewAssignment)
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(ReviewAssignment.reviewer_id == user.id, Application.submitted_at.is_not(None))
        .order_by(Application.call_id.desc(), ReviewAssignment.id)
    )
