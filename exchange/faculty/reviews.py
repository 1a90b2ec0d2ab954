"""Faculty reviews: the applications I am asked to review, the review page (the application,
its documents, the rubric form), declaring a conflict of interest, and downloads.

Only the assigned reviewer writes a review (no one edits on their behalf); the optimistic
lock (exchange/reviews/reviewing.py) guards their two tabs or devices against each other.
"""

from __future__ import annotations

from datetime import date

from flask import Response, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications.documents import document_content, download_headers, size_label
from exchange.applications.models import ApplicationDocument
from exchange.applications.policy import can_download_document
from exchange.applications.states import DocumentStatus
from exchange.faculty.views import bp
from exchange.reviews import policy, queries
from exchange.reviews.errors import ReviewConflict
from exchange.reviews.forms import ConflictForm, review_form
from exchange.reviews.models import Review, ReviewAssignment
from exchange.reviews.phase import review_phase
from exchange.reviews.reviewing import save_review
from exchange.reviews.rubric import criteria_of
from exchange.reviews.services import declare_conflict
from exchange.web import actor, attempt, authorize, load, page, saved


def _assignment(assignment_id: int) -> ReviewAssignment:
    # Someone else's assignment does not exist for this reviewer.
    return load(ReviewAssignment, assignment_id,
                where=lambda a: policy.can_view_assignment(current_user, a))  # fmt: skip


@bp.get("/reviews")
def review_list():
    today = date.today()
    rows = [
        {
            "assignment": a,
            "application": a.application,
            "call": a.application.call,
            "review": a.review,
            "phase": review_phase(a.application.call, today),
        }
        for a in queries.my_assignments(current_user)
    ]
    return page("faculty/reviews/review_list.html", rows=rows)


def _render(assignment, form=None, conflict_form=None, done=None, stored=None):
    """The review page; `stored` is the stored review shown beside a refused (stale) save."""
    application = assignment.application
    criteria = criteria_of(application.call_id)
    review = assignment.review
    if form is None:
        form = review_form(criteria, formdata=None)
        _fill(form, review)
    documents = [
        {"document": d, "size": size_label(d.size)}
        for d in application.documents
        if d.status == DocumentStatus.CURRENT
    ]
    may_see_others = policy.can_see_reviews(current_user, application)
    return page(
        "faculty/reviews/review_edit.html",
        done=done,
        assignment=assignment,
        application=application,
        call=application.call,
        student=application.student,
        review=review,
        criteria=criteria,
        form=form,
        conflict_form=conflict_form or ConflictForm(formdata=None),
        may_review=policy.can_review(current_user, assignment),
        may_declare=policy.can_declare_conflict(current_user, assignment),
        phase=review_phase(application.call, date.today()),
        documents=documents,
        others=queries.other_reviews(assignment) if may_see_others else [],
        saved=stored,
    )


def _fill(form, review: Review) -> None:
    form.version.data = review.version
    form.recommendation.data = review.recommendation.value if review.recommendation else ""
    form.comment.data = review.comment
    for criterion, field in form.score_fields():
        field.data = review.score_for(criterion.id)


@bp.get("/reviews/<int:assignment_id>")
def review_edit(assignment_id: int):
    return _render(_assignment(assignment_id))


@bp.post("/reviews/<int:assignment_id>")
def review_save(assignment_id: int):
    assignment = _assignment(assignment_id)
    authorize(policy.can_review(current_user, assignment))
    form = review_form(criteria_of(assignment.application.call_id))
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            save_review(assignment.review, actor=actor(), **form.service_fields())
        if done:
            return saved(
                url_for("faculty.review_edit", assignment_id=assignment_id),
                _("Your review was submitted. You may change it until reviews close.")
                if form.submit_review.data
                else _("Your draft was saved."),
            )
        if isinstance(done.error, ReviewConflict):
            # The savepoint's rollback let the review be read again as stored; saving again
            # now is a deliberate choice made with the stored values in view.
            form.version.data = assignment.review.version
            return _render(assignment, form, done=done, stored=assignment.review)
    return _render(assignment, form, done=done)


@bp.post("/reviews/<int:assignment_id>/conflict")
def review_conflict(assignment_id: int):
    assignment = _assignment(assignment_id)
    authorize(policy.can_declare_conflict(current_user, assignment))
    form = ConflictForm()
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            declare_conflict(assignment, form.reason.data, actor=actor())
        if done:
            return saved(
                url_for("faculty.review_list"),
                _("Your conflict of interest is recorded; the office will assign another "
                  "reviewer."),
            )  # fmt: skip
    return _render(assignment, conflict_form=form, done=done)


@bp.get("/reviews/<int:assignment_id>/documents/<int:document_id>")
def review_document(assignment_id: int, document_id: int):
    assignment = _assignment(assignment_id)
    document = load(ApplicationDocument, document_id,
                    where=lambda d: d.application_id == assignment.application_id)  # fmt: skip
    authorize(can_download_document(current_user, document), hide=True)
    return Response(document_content(document), headers=download_headers(document))
