"""Faculty reviews: the applications I am asked to review, the review page (the application,
its documents, the rubric form), declaring a conflict of interest, and downloads.

Only the assigned reviewer writes a review (no one edits on their behalf); the optimistic
lock (exchange/reviews/reviewing.py) guards their two tabs or devices against each other.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from exchange.applications.documents import document_content, download_headers, size_label
from exchange.applications.models import Application, ApplicationDocument
from exchange.applications.policy import can_download_document
from exchange.applications.states import DocumentStatus
from exchange.extensions import db
from exchange.faculty.views import bp
from exchange.forms import attach_error
from exchange.programs.calls import Call
from exchange.reviews import policy
from exchange.reviews.errors import ReviewConflict, ReviewError
from exchange.reviews.forms import ConflictForm, review_form
from exchange.reviews.models import Review, ReviewAssignment
from exchange.reviews.phase import review_phase
from exchange.reviews.reviewing import save_review
from exchange.reviews.rubric import criteria_of
from exchange.reviews.services import declare_conflict
from exchange.transactions import commit
from exchange.web import authorize


def _assignment_or_404(assignment_id: int) -> ReviewAssignment:
    assignment = db.session.get(ReviewAssignment, assignment_id)
    # Someone else's assignment does not exist for this reviewer.
    if assignment is None or not policy.can_view_assignment(current_user, assignment):
        abort(404)
    return assignment


@bp.get("/reviews")
def review_list():
    assignments = db.session.scalars(
        policy.my_assignments_query(current_user).options(
            selectinload(ReviewAssignment.review),
            joinedload(ReviewAssignment.application)
            .joinedload(Application.call)
            .selectinload(Call.review_opening),
        )
    ).all()
    today = date.today()
    rows = [
        {
            "assignment": a,
            "application": a.application,
            "call": a.application.call,
            "review": a.review,
            "phase": review_phase(a.application.call, today),
        }
        for a in assignments
    ]
    return render_template("faculty/reviews/review_list.html", rows=rows)


def _other_reviews(assignment: ReviewAssignment) -> list[Review]:
    application = assignment.application
    if not policy.can_see_reviews(current_user, application):
        return []
    return list(
        db.session.scalars(
            select(Review)
            .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
            .where(
                ReviewAssignment.application_id == application.id,
                ReviewAssignment.id != assignment.id,
                ReviewAssignment.status == "active",
            )
            .options(selectinload(Review.scores))
            .order_by(ReviewAssignment.id)
        )
    )


def _render(assignment, form=None, conflict_form=None, status=200, saved=None):
    """The review page; `saved` is the stored review shown beside a refused (stale) save."""
    application = assignment.application
    criteria = criteria_of(application.call_id)
    review = assignment.review
    may_review = policy.can_review(current_user, assignment)
    if form is None:
        form = review_form(criteria, formdata=None)
        _fill(form, review)
    documents = [
        {"document": d, "size": size_label(d.size)}
        for d in application.documents
        if d.status == DocumentStatus.CURRENT
    ]
    return render_template(
        "faculty/reviews/review_edit.html",
        assignment=assignment,
        application=application,
        call=application.call,
        student=application.student,
        review=review,
        criteria=criteria,
        form=form,
        conflict_form=conflict_form or ConflictForm(formdata=None),
        may_review=may_review,
        may_declare=policy.can_declare_conflict(current_user, assignment),
        phase=review_phase(application.call, date.today()),
        documents=documents,
        others=_other_reviews(assignment),
        saved=saved,
    ), status


def _fill(form, review: Review) -> None:
    form.version.data = review.version
    form.recommendation.data = review.recommendation.value if review.recommendation else ""
    form.comment.data = review.comment
    for criterion, field in form.score_fields():
        field.data = review.score_for(criterion.id)


@bp.get("/reviews/<int:assignment_id>")
def review_edit(assignment_id: int):
    return _render(_assignment_or_404(assignment_id))


@bp.post("/reviews/<int:assignment_id>")
def review_save(assignment_id: int):
    assignment = _assignment_or_404(assignment_id)
    authorize(policy.can_review(current_user, assignment))
    form = review_form(criteria_of(assignment.application.call_id))
    if not form.validate_on_submit():
        return _render(assignment, form, status=422)
    review = assignment.review
    try:
        save_review(review, actor=current_user, **form.service_fields())
        commit()
    except ReviewConflict as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        fresh = db.session.get(ReviewAssignment, assignment_id)
        # Saving again now is a deliberate choice made with the stored values in view.
        form.version.data = fresh.review.version
        return _render(fresh, form, status=409, saved=fresh.review)
    except ReviewError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render(db.session.get(ReviewAssignment, assignment_id), form, status=422)
    if form.submit_review.data:
        flash(_("Your review was submitted. You may change it until reviews close."), "success")
    else:
        flash(_("Your draft was saved."), "success")
    return redirect(url_for("faculty.review_edit", assignment_id=assignment_id))


@bp.post("/reviews/<int:assignment_id>/conflict")
def review_conflict(assignment_id: int):
    assignment = _assignment_or_404(assignment_id)
    authorize(policy.can_declare_conflict(current_user, assignment))
    form = ConflictForm()
    if not form.validate_on_submit():
        return _render(assignment, conflict_form=form, status=422)
    try:
        declare_conflict(assignment, form.reason.data, actor=current_user)
        commit()
    except ReviewError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render(db.session.get(ReviewAssignment, assignment_id), conflict_form=form,
                       status=422)  # fmt: skip
    flash(_("Your conflict of interest is recorded; the office will assign another reviewer."),
          "success")  # fmt: skip
    return redirect(url_for("faculty.review_list"))


@bp.get("/reviews/<int:assignment_id>/documents/<int:document_id>")
def review_document(assignment_id: int, document_id: int):
    assignment = _assignment_or_404(assignment_id)
    document = db.session.get(ApplicationDocument, document_id)
    if document is None or document.application_id != assignment.application_id:
        abort(404)
    authorize(can_download_document(current_user, document), hide=True)
    return Response(document_content(document), headers=download_headers(document))
