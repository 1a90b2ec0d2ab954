"""The review phase of a call for coordinators: the overview (progress, scores, opening
reviews), assigning reviewers by hand, in bulk by unit, replacing a conflicted reviewer, and
every review of one application. The rubric screens are in review_rubric.py."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from exchange.accounts.models import OrgUnit, User
from exchange.applications import policy as application_policy
from exchange.applications.models import Application
from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.programs import call_policy
from exchange.reviews import policy, services
from exchange.reviews.errors import ReviewError
from exchange.reviews.forms import AssignForm, BulkAssignForm
from exchange.reviews.models import Review, ReviewAssignment
from exchange.reviews.phase import review_phase
from exchange.reviews.queries import normalised_score, review_scores, reviewer_progress
from exchange.reviews.rubric import criteria_of
from exchange.reviews.states import Recommendation
from exchange.transactions import commit
from exchange.web import authorize


def _applications(call) -> list[Application]:
    """The call's submitted applications this coordinator may see, oldest submission first."""
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.call_id == call.id,
                Application.submitted_at.is_not(None),
                application_policy.visible_applications_clause(current_user),
            )
            .order_by(Application.submitted_at, Application.id)
        ).unique()
    )


def _assignments_by_application(ids: list[int]) -> dict[int, list[ReviewAssignment]]:
    found: dict[int, list[ReviewAssignment]] = {i: [] for i in ids}
    if ids:
        for a in db.session.scalars(
            select(ReviewAssignment)
            .where(ReviewAssignment.application_id.in_(ids))
            .options(selectinload(ReviewAssignment.review))
            .order_by(ReviewAssignment.id)
        ):
            found[a.application_id].append(a)
    return found


@bp.get("/calls/<int:call_id>/reviews")
def call_reviews(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_view_call(current_user, call))
    applications = _applications(call)
    summaries = review_scores(call.id)
    needing = db.session.scalar(
        select(func.count(ReviewAssignment.id))
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(
            Application.call_id == call.id,
            ReviewAssignment.status == "conflicted",
            ReviewAssignment.replacement_id.is_(None),
        )
    )
    return render_template(
        "coordinator/reviews/call_reviews.html",
        call=call,
        phase=review_phase(call, date.today()),
        criteria=criteria_of(call.id),
        progress=reviewer_progress(call.id),
        rows=[(a, summaries.get(a.id)) for a in applications],
        needing_replacement=needing,
        can_open=policy.can_open_reviews(current_user, call),
        can_assign=policy.can_assign_reviewers(current_user, call),
        can_configure=policy.can_configure_rubric(current_user, call),
        recommendation_labels={r.value: r.label for r in Recommendation},
    )


@bp.post("/calls/<int:call_id>/reviews/open")
def call_reviews_open(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_open_reviews(current_user, call))
    back = redirect(url_for("coordinator.call_reviews", call_id=call.id))
    try:
        moved = services.open_reviews(call, actor=current_user)
        commit()
    except ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    flash(_("Reviews are open: %(n)s applications are now under review.", n=moved), "success")
    return back


def _unit_choices(call) -> list[tuple]:
    """Units of the call's waiting applicants, with how many applications each has."""
    rows = db.session.execute(
        select(OrgUnit, func.count(Application.id))
        .join(User, User.org_unit_id == OrgUnit.id)
        .join(Application, Application.student_id == User.id)
        .where(Application.call_id == call.id, Application.state.in_(list(policy.ASSIGNABLE)))
        .group_by(OrgUnit.id)
        .order_by(OrgUnit.name)
    ).all()
    return [("", _("Choose a unit…"))] + [
        (unit.id, _("%(unit)s (%(n)s applications)", unit=unit.name, n=n)) for unit, n in rows
    ]


def _render_assignments(call, *, bulk=None, row_errors=None, status=200):
    reviewers = db.session.scalars(services.reviewers_query()).unique().all()
    reviewer_choices = [("", _("Choose a reviewer…"))] + [
        (r.id, f"{r.full_name} — {r.org_unit.name if r.org_unit else _('no unit')}")
        for r in reviewers
    ]
    bulk = bulk or BulkAssignForm(formdata=None)
    bulk.org_unit_id.choices = _unit_choices(call)
    bulk.reviewer_ids.choices = reviewer_choices[1:]
    applications = _applications(call)
    assignments = _assignments_by_application([a.id for a in applications])
    today = date.today()
    rows = [
        {
            "application": a,
            "assignments": assignments[a.id],
            "active": [x for x in assignments[a.id] if x.is_active],
            "waiting": [x for x in assignments[a.id] if x.needs_replacement],
            "can_assign": policy.can_assign_to(current_user, a, today),
        }
        for a in applications
    ]
    return render_template(
        "coordinator/reviews/review_assignments.html",
        call=call,
        phase=review_phase(call, today),
        rows=rows,
        waiting=[x for row in rows for x in row["waiting"]],
        reviewer_choices=reviewer_choices,
        bulk=bulk,
        row_errors=row_errors or {},
        can_assign=policy.can_assign_reviewers(current_user, call, today),
    ), status


@bp.get("/calls/<int:call_id>/reviews/assignments")
def review_assignments(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_view_call(current_user, call))
    return _render_assignments(call)


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


def _application_in_call(call, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.call_id != call.id:
        abort(404)
    authorize(application_policy.can_view(current_user, application), hide=True)
    return application


@bp.post("/calls/<int:call_id>/reviews/applications/<int:application_id>/assign")
def review_assign(call_id: int, application_id: int):
    call = call_or_404(call_id)
    application = _application_in_call(call, application_id)
    authorize(policy.can_assign_to(current_user, application))
    form = AssignForm()
    error = None
    if not form.validate_on_submit():
        error = "; ".join(str(e) for e in form.reviewer_id.errors) or _("Choose a reviewer.")
    else:
        try:
            assignment = services.assign_reviewer(
                application, _user(form.reviewer_id.data), actor=current_user
            )
            commit()
        except ReviewError as problem:
            db.session.rollback()
            error = str(problem)
    if error:
        return _render_assignments(call, row_errors={application_id: error}, status=422)
    flash(_("%(name)s now reviews the application of %(student)s.",
            name=assignment.reviewer.full_name, student=application.student.full_name),
          "success")  # fmt: skip
    return redirect(url_for("coordinator.review_assignments", call_id=call.id))


@bp.post("/calls/<int:call_id>/reviews/assign-by-unit")
def review_assign_bulk(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_assign_reviewers(current_user, call))
    form = BulkAssignForm()
    if not form.validate_on_submit():
        return _render_assignments(call, bulk=form, status=422)
    unit = db.session.get(OrgUnit, form.org_unit_id.data) if form.org_unit_id.data else None
    if unit is None:
        form.org_unit_id.errors.append(_("Choose the applicants' unit."))
        return _render_assignments(call, bulk=form, status=422)
    ids = [i for i in form.reviewer_ids.data if i is not None]
    reviewers = db.session.scalars(select(User).where(User.id.in_(ids))).unique().all()
    if len(reviewers) != len(set(ids)):
        form.reviewer_ids.errors.append(_("Choose reviewers from the list."))
        return _render_assignments(call, bulk=form, status=422)
    try:
        made, short = services.assign_by_unit(
            call, unit, reviewers, form.per_application.data, actor=current_user
        )
        commit()
    except ReviewError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render_assignments(call, bulk=form, status=422)
    flash(_("%(n)s assignments made for applicants from %(unit)s.", n=made, unit=unit.name),
          "success")  # fmt: skip
    if short:
        flash(_("%(n)s applications still lack reviewers: pick more reviewers or assign by hand.",
                n=short), "warning")  # fmt: skip
    return redirect(url_for("coordinator.review_assignments", call_id=call.id))


@bp.post("/review-assignments/<int:assignment_id>/replace")
def review_replace(assignment_id: int):
    conflicted = db.session.get(ReviewAssignment, assignment_id)
    if conflicted is None:
        abort(404)
    application = conflicted.application
    authorize(application_policy.can_view(current_user, application), hide=True)
    authorize(policy.can_assign_to(current_user, application))
    call = application.call
    form = AssignForm()
    error = None
    if not form.validate_on_submit():
        error = "; ".join(str(e) for e in form.reviewer_id.errors) or _("Choose a reviewer.")
    else:
        try:
            services.replace_reviewer(conflicted, _user(form.reviewer_id.data), actor=current_user)
            commit()
        except ReviewError as problem:
            db.session.rollback()
            error = str(problem)
    if error:
        return _render_assignments(call, row_errors={application.id: error}, status=422)
    flash(_("The reviewer was replaced."), "success")
    return redirect(url_for("coordinator.review_assignments", call_id=call.id))


@bp.get("/applications/<int:application_id>/reviews")
def application_reviews(application_id: int):
    application = db.session.get(Application, application_id)
    if application is None or not application_policy.can_view(current_user, application):
        abort(404)
    authorize(policy.can_see_reviews(current_user, application), hide=True)
    criteria = criteria_of(application.call_id)
    assignments = _assignments_by_application([application.id])[application.id]
    by_id = {c.id: c for c in criteria}
    rows = []
    for a in assignments:
        review: Review | None = a.review
        score = None
        if review is not None and review.scores:
            parts = [
                (by_id[s.criterion_id].weight, s.score, by_id[s.criterion_id].min_score,
                 by_id[s.criterion_id].max_score)
                for s in review.scores if s.criterion_id in by_id
            ]  # fmt: skip
            score = normalised_score(parts)
        rows.append({"assignment": a, "review": review, "score": score})
    return render_template(
        "coordinator/reviews/application_reviews.html",
        application=application,
        call=application.call,
        criteria=criteria,
        rows=rows,
        summary=review_scores(application.call_id).get(application.id),
        phase=review_phase(application.call, date.today()),
    )


from exchange.coordinator import review_rubric  # noqa: E402,F401 - the rubric screens
