"""Assigning reviewers, conflicts of interest, and opening a call's review phase.

Services check the rules, audit every change and flush; the request commits. A broken rule
raises ReviewError naming the form field. Reviewers learn of an assignment by a notice and a
mail; coordinators concerned learn of a declared conflict the same way. Students are never
told anything about reviewers (opening reviews moves their application silently through
`transitions.move`; the student page then reads "Under review").
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.roles import Role
from exchange.applications.models import Application
from exchange.applications.policy import coordinators_concerned
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import move
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.notify import notify, site_path
from exchange.reviews import policy
from exchange.reviews.errors import ReviewError
from exchange.reviews.models import Review, ReviewAssignment, ReviewOpening, RubricCriterion
from exchange.reviews.phase import may_open_reviews, review_phase
from exchange.reviews.states import AssignmentStatus, ReviewPhase

S = ApplicationState
REASON_MAX = 2000
MAX_PER_APPLICATION = 5


def _check_reviewer(application: Application, reviewer: User | None) -> User:
    if reviewer is None or not reviewer.is_active or not reviewer.has_role(Role.FACULTY):
        raise ReviewError(_l("Choose an active faculty member as the reviewer."), "reviewer_id")
    if reviewer.id == application.student_id:
        raise ReviewError(_l("Nobody reviews their own application."), "reviewer_id")
    return reviewer


def _existing(application: Application, reviewer: User) -> ReviewAssignment | None:
    return db.session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.application_id == application.id,
            ReviewAssignment.reviewer_id == reviewer.id,
        )
    )


def _oldest_unreplaced(application: Application) -> ReviewAssignment | None:
    return db.session.scalar(
        select(ReviewAssignment)
        .where(
            ReviewAssignment.application_id == application.id,
            ReviewAssignment.status == AssignmentStatus.CONFLICTED,
            ReviewAssignment.replacement_id.is_(None),
        )
        .order_by(ReviewAssignment.id)
        .limit(1)
    )


def assign_reviewer(
    application: Application,
    reviewer: User | None,
    *,
    actor,
    replacing: ReviewAssignment | None = None,
    today: date | None = None,
) -> ReviewAssignment:
    """Assign a faculty member to review the application.

    Side effects: a ReviewAssignment with an empty draft Review; the oldest conflicted
    assignment still waiting (or `replacing`) now names this one as its replacement; while
    the phase is open a SUBMITTED application moves to UNDER_REVIEW; a `review.assign` audit
    record; a notice and a mail to the reviewer. Flushes.
    """
    today = today or date.today()
    reviewer = _check_reviewer(application, reviewer)
    if application.state not in policy.ASSIGNABLE:
        raise ReviewError(
            _l("The application is %(state)s; only submitted applications are reviewed.",
               state=application.state.label), "reviewer_id",
        )  # fmt: skip
    call = application.call
    if review_phase(call, today) == ReviewPhase.CLOSED:
        raise ReviewError(_l("The review phase of this call has closed."), "reviewer_id")
    existing = _existing(application, reviewer)
    if existing is not None:
        if existing.status == AssignmentStatus.CONFLICTED:
            message = _l("%(name)s declared a conflict of interest with this application.",
                         name=reviewer.full_name)  # fmt: skip
        else:
            message = _l("%(name)s already reviews this application.", name=reviewer.full_name)
        raise ReviewError(message, "reviewer_id")
    if replacing is not None and not (
        replacing.application_id == application.id and replacing.needs_replacement
    ):
        raise ReviewError(_l("That reviewer has already been replaced."), "reviewer_id")
    assignment = ReviewAssignment(
        application_id=application.id, reviewer_id=reviewer.id, assigned_by_id=actor.id
    )
    assignment.review = Review()
    db.session.add(assignment)
    db.session.flush()
    replaced = replacing or _oldest_unreplaced(application)
    if replaced is not None:
        replaced.replacement_id = assignment.id
    audit.record(
        "review.assign", assignment, actor=actor,
        after={"application_id": application.id, "reviewer_id": reviewer.id,
               "replaces": replaced.id if replaced is not None else None},
    )  # fmt: skip
    if application.state == S.SUBMITTED and review_phase(call, today) == ReviewPhase.OPEN:
        move(application, S.UNDER_REVIEW, actor=actor, note=str(_l("Reviews are open.")))
    _tell_reviewer(assignment)
    db.session.flush()
    return assignment


def _tell_reviewer(assignment: ReviewAssignment) -> None:
    call = assignment.application.call
    deadline = call.reviews_close_on.isoformat() if call.reviews_close_on else _l("not set yet")
    notify(
        [assignment.reviewer], kind="review.assigned",
        title=_l("Review requested: %(call)s", call=call.title),
        body=_l("You are asked to review an application to %(call)s (application "
                "#%(number)s). Reviews close on %(deadline)s. If you have a conflict of "
                "interest, declare it on the review page.",
                call=call.title, number=assignment.application_id, deadline=deadline),
        link=site_path("faculty.review_edit", assignment_id=assignment.id),
        obj=assignment,
    )  # fmt: skip


def replace_reviewer(conflicted: ReviewAssignment, reviewer: User | None, *, actor, today=None):
    """Assign `reviewer` in place of a reviewer who declared a conflict (see assign_reviewer)."""
    if not conflicted.needs_replacement:
        raise ReviewError(_l("That reviewer has already been replaced."), "reviewer_id")
    return assign_reviewer(
        conflicted.application, reviewer, actor=actor, replacing=conflicted, today=today
    )


def units_with_descendants(unit: OrgUnit) -> list[int]:
    children = db.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == unit.id)).all()
    return [unit.id, *children]


def assign_by_unit(
    call, unit: OrgUnit, reviewers: list[User], per_application: int, *, actor, today=None
) -> tuple[int, int]:
    """Give every waiting application of the call whose student belongs to `unit` (or one of
    its sub-units) `per_application` active reviewers out of `reviewers`, least loaded first.

    Applications outside the actor's scope are left alone; reviewers already on an
    application (or in conflict with it) are not chosen again. Returns (assignments made,
    applications left short of reviewers). Side effects as assign_reviewer, per assignment.
    """
    reviewers = list({r.id: r for r in reviewers if r is not None}.values())
    if not reviewers:
        raise ReviewError(_l("Choose at least one reviewer."), "reviewer_ids")
    for reviewer in reviewers:
        if not reviewer.is_active or not reviewer.has_role(Role.FACULTY):
            raise ReviewError(
                _l("%(name)s is not an active faculty member.", name=reviewer.full_name),
                "reviewer_ids",
            )
    if not 1 <= per_application <= min(MAX_PER_APPLICATION, len(reviewers)):
        raise ReviewError(
            _l("Choose from 1 to %(max)s reviewers per application (no more than the reviewers "
               "you picked).", max=min(MAX_PER_APPLICATION, len(reviewers))),
            "per_application",
        )  # fmt: skip
    applications = db.session.scalars(
        select(Application)
        .join(User, User.id == Application.student_id)
        .where(
            Application.call_id == call.id,
            Application.state.in_(list(policy.ASSIGNABLE)),
            User.org_unit_id.in_(units_with_descendants(unit)),
        )
        .order_by(Application.id)
    ).all()
    applications = [a for a in applications if policy.can_assign_to(actor, a, today)]
    if not applications:
        raise ReviewError(
            _l("No submitted application of this call comes from %(unit)s.", unit=unit.name),
            "org_unit_id",
        )
    ids = [a.id for a in applications]
    taken = db.session.execute(
        select(
            ReviewAssignment.application_id, ReviewAssignment.reviewer_id, ReviewAssignment.status
        ).where(ReviewAssignment.application_id.in_(ids))
    ).all()
    on_application: dict[int, set[int]] = {}
    active_count: Counter = Counter()
    for app_id, reviewer_id, status in taken:
        on_application.setdefault(app_id, set()).add(reviewer_id)
        if status == AssignmentStatus.ACTIVE:
            active_count[app_id] += 1
    load = _load(call, [r.id for r in reviewers])
    made = short = 0
    for application in applications:
        needed = per_application - active_count[application.id]
        candidates = [
            r for r in reviewers
            if r.id not in on_application.get(application.id, set())
            and r.id != application.student_id
        ]  # fmt: skip
        candidates.sort(key=lambda r: load[r.id])  # stable: ties keep the order picked
        for reviewer in candidates[: max(needed, 0)]:
            assign_reviewer(application, reviewer, actor=actor, today=today)
            load[reviewer.id] += 1
            made += 1
        if needed > len(candidates):
            short += 1
    return made, short


def _load(call, reviewer_ids: list[int]) -> Counter:
    """Active assignments each reviewer already holds in the call."""
    rows = db.session.scalars(
        select(ReviewAssignment.reviewer_id)
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(
            Application.call_id == call.id,
            ReviewAssignment.reviewer_id.in_(reviewer_ids),
            ReviewAssignment.status == AssignmentStatus.ACTIVE,
        )
    ).all()
    load = Counter({rid: 0 for rid in reviewer_ids})
    load.update(rows)
    return load


def declare_conflict(assignment: ReviewAssignment, reason: str, *, actor) -> ReviewAssignment:
    """The reviewer steps aside for a conflict of interest.

    Side effects: the assignment becomes CONFLICTED with the reason and time (kept, with any
    draft review, for the record); a `review.conflict` audit record; a notice and a mail to
    the coordinators concerned, asking them to replace the reviewer. Flushes.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_l("Say briefly what the conflict of interest is."), "reason")
    if len(reason) > REASON_MAX:
        raise ReviewError(_l("Keep the reason under %(max)s characters.", max=REASON_MAX),
                          "reason")  # fmt: skip
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ReviewError(_l("A conflict of interest is already recorded."), "reason")
    assignment.status = AssignmentStatus.CONFLICTED
    assignment.conflict_reason = reason
    assignment.conflict_declared_at = utcnow()
    db.session.flush()
    audit.record("review.conflict", assignment, actor=actor, after={"status": "conflicted"},
                 note=reason)  # fmt: skip
    application = assignment.application
    notify(
        coordinators_concerned(application), kind="review.conflict",
        title=_l("Replace a reviewer: %(call)s", call=application.call.title),
        body=_l("%(name)s declared a conflict of interest with application #%(number)s and "
                "cannot review it: %(reason)s",
                name=assignment.reviewer.full_name, number=application.id, reason=reason),
        link=site_path("coordinator.review_assignments", call_id=application.call_id),
        obj=assignment,
    )  # fmt: skip
    db.session.flush()
    return assignment


def open_reviews(call, *, actor, today: date | None = None) -> int:
    """Open the call's review phase: every SUBMITTED application moves to UNDER_REVIEW.

    Side effects: a ReviewOpening row; one audited `move` per application (no notice: the
    student's page simply reads "Under review"); a `call.reviews_open` audit record; a notice
    to each reviewer holding assignments. Returns the number of applications moved. Flushes.
    """
    today = today or date.today()
    if call.reviews_open_on is None or call.reviews_close_on is None:
        raise ReviewError(_l("Set the days reviews open and close on the call first."))
    if call.review_opening is not None:
        raise ReviewError(_l("Reviews of this call are already open."))
    if not may_open_reviews(call, today):
        raise ReviewError(
            _l("Reviews can be opened from %(open)s to %(close)s.",
               open=call.reviews_open_on.isoformat(), close=call.reviews_close_on.isoformat())
        )  # fmt: skip
    has_rubric = db.session.scalar(
        select(RubricCriterion.id).where(RubricCriterion.call_id == call.id).limit(1)
    )
    if has_rubric is None:
        raise ReviewError(
            _l("Add at least one rubric criterion before opening reviews: reviewers score "
               "applications against it.")
        )  # fmt: skip
    db.session.add(ReviewOpening(call_id=call.id, opened_by_id=actor.id))
    db.session.flush()
    db.session.expire(call, ["review_opening"])
    applications = db.session.scalars(
        select(Application)
        .where(Application.call_id == call.id, Application.state == S.SUBMITTED)
        .order_by(Application.id)
    ).all()
    for application in applications:
        move(application, S.UNDER_REVIEW, actor=actor, note=str(_l("Reviews are open.")))
    audit.record("call.reviews_open", call, actor=actor, after={"moved": len(applications)})
    _tell_reviewers_open(call)
    db.session.flush()
    return len(applications)


def _tell_reviewers_open(call) -> None:
    reviewers = db.session.scalars(
        select(User)
        .join(ReviewAssignment, ReviewAssignment.reviewer_id == User.id)
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(Application.call_id == call.id, ReviewAssignment.status == AssignmentStatus.ACTIVE)
        .distinct()
    ).all()
    notify(
        reviewers, kind="review.opened",
        title=_l("Reviews are open: %(call)s", call=call.title),
        body=_l("You can now score the applications assigned to you, until %(day)s.",
                day=call.reviews_close_on.isoformat()),
        link=site_path("faculty.review_list"),
        obj=call,
    )  # fmt: skip


def reviewers_query():
    """Active faculty members, by name: the people a coordinator may assign."""
    return (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.FACULTY, User.is_active.is_(True))
        .order_by(User.full_name, User.id)
    )
