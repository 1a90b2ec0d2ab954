"""The review phase of a call for coordinators: the overview (progress, scores, opening
reviews), assigning reviewers by hand, in bulk by unit, replacing a conflicted reviewer, and
every review of one application. The rubric screens are in review_rubric.py."""

from __future__ import annotations

from datetime import date

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.models import OrgUnit, User
from exchange.applications import policy as application_policy
from exchange.applications.models import Application
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.programs import policy as program_policy
from exchange.programs.calls import Call
from exchange.reviews import policy, queries, services
from exchange.reviews.forms import AssignForm, BulkAssignForm
from exchange.reviews.models import ReviewAssignment
from exchange.reviews.phase import review_phase
from exchange.reviews.rubric import criteria_of
from exchange.reviews.states import Recommendation
from exchange.web import (
    actor,
    attempt,
    authorize,
    button_flow,
    load,
    page,
    quiet_attempt,
    rows,
    saved,
)


def _readable(application: Application) -> bool:
    return application_policy.can_view(current_user, application)


@bp.get("/calls/<int:call_id>/reviews")
def call_reviews(call_id: int):
    call = load(Call, call_id)
    authorize(program_policy.can_view_call(current_user, call))
    summaries = queries.review_scores(call.id)
    return page(
        "coordinator/reviews/call_reviews.html",
        call=call,
        phase=review_phase(call, date.today()),
        criteria=criteria_of(call.id),
        progress=queries.reviewer_progress(call.id),
        rows=[(a, summaries.get(a.id)) for a in queries.submitted_applications(call, current_user)],
        needing_replacement=queries.replacements_needed(call.id),
        can_open=policy.can_open_reviews(current_user, call),
        can_assign=policy.can_assign_reviewers(current_user, call),
        can_configure=policy.can_configure_rubric(current_user, call),
        recommendation_labels={r.value: r.label for r in Recommendation},
    )


@bp.post("/calls/<int:call_id>/reviews/open")
def call_reviews_open(call_id: int):
    call = load(Call, call_id)
    authorize(policy.can_open_reviews(current_user, call))
    return button_flow(
        url_for("coordinator.call_reviews", call_id=call.id),
        lambda: services.open_reviews(call, actor=actor()),
        lambda moved: _("Reviews are open: %(n)s applications are now under review.", n=moved),
    )


# --- Assignments ----------------------------------------------------------------------------


def _unit_choices(call) -> list[tuple]:
    """Units of the call's waiting applicants, with how many applications each has."""
    return [("", _("Choose a unit…"))] + [
        (unit.id, _("%(unit)s (%(n)s applications)", unit=unit.name, n=n))
        for unit, n in queries.waiting_units(call.id, policy.ASSIGNABLE)
    ]


def _render_assignments(call, *, bulk=None, row_errors=None, status=None):
    reviewer_choices = [("", _("Choose a reviewer…"))] + [
        (r.id, f"{r.full_name} — {r.org_unit.name if r.org_unit else _('no unit')}")
        for r in rows(services.reviewers_query())
    ]
    bulk = bulk or BulkAssignForm(formdata=None)
    bulk.org_unit_id.choices = _unit_choices(call)
    bulk.reviewer_ids.choices = reviewer_choices[1:]
    applications = queries.submitted_applications(call, current_user)
    assignments = queries.assignments_by_application([a.id for a in applications])
    today = date.today()
    table = [
        {
            "application": a,
            "assignments": assignments[a.id],
            "active": [x for x in assignments[a.id] if x.is_active],
            "waiting": [x for x in assignments[a.id] if x.needs_replacement],
            "can_assign": policy.can_assign_to(current_user, a, today),
        }
        for a in applications
    ]
    return page(
        "coordinator/reviews/review_assignments.html",
        status=status,
        call=call,
        phase=review_phase(call, today),
        rows=table,
        waiting=[x for row in table for x in row["waiting"]],
        reviewer_choices=reviewer_choices,
        bulk=bulk,
        row_errors=row_errors or {},
        can_assign=policy.can_assign_reviewers(current_user, call, today),
    )


@bp.get("/calls/<int:call_id>/reviews/assignments")
def review_assignments(call_id: int):
    call = load(Call, call_id)
    authorize(program_policy.can_view_call(current_user, call))
    return _render_assignments(call)


def _assign_row(application: Application, run, message):
    """One application's reviewer form (assign, replace): a refusal shows in its row."""
    form = AssignForm()
    if not form.validate_on_submit():
        error = "; ".join(str(e) for e in form.reviewer_id.errors) or _("Choose a reviewer.")
        return _render_assignments(application.call, row_errors={application.id: error},
                                   status=422)  # fmt: skip
    reviewer_id = form.reviewer_id.data
    with quiet_attempt() as done:
        result = run(db.session.get(User, reviewer_id) if reviewer_id is not None else None)
    if not done:
        return _render_assignments(application.call, row_errors={application.id: str(done.error)},
                                   status=done.status)  # fmt: skip
    return saved(url_for("coordinator.review_assignments", call_id=application.call_id),
                 message(result))  # fmt: skip


@bp.post("/calls/<int:call_id>/reviews/applications/<int:application_id>/assign")
def review_assign(call_id: int, application_id: int):
    call = load(Call, call_id)
    application = load(Application, application_id, where=lambda a: a.call_id == call.id)
    authorize(_readable(application), hide=True)
    authorize(policy.can_assign_to(current_user, application))
    return _assign_row(
        application,
        lambda reviewer: services.assign_reviewer(application, reviewer, actor=actor()),
        lambda assignment: _("%(name)s now reviews the application of %(student)s.",
                             name=assignment.reviewer.full_name,
                             student=application.student.full_name),
    )  # fmt: skip


@bp.post("/review-assignments/<int:assignment_id>/replace")
def review_replace(assignment_id: int):
    conflicted = load(ReviewAssignment, assignment_id)
    application = conflicted.application
    authorize(_readable(application), hide=True)
    authorize(policy.can_assign_to(current_user, application))
    return _assign_row(
        application,
        lambda reviewer: services.replace_reviewer(conflicted, reviewer, actor=actor()),
        lambda _replacement: _("The reviewer was replaced."),
    )


@bp.post("/calls/<int:call_id>/reviews/assign-by-unit")
def review_assign_bulk(call_id: int):
    call = load(Call, call_id)
    authorize(policy.can_assign_reviewers(current_user, call))
    form = BulkAssignForm()
    if not form.validate_on_submit():
        return _render_assignments(call, bulk=form, status=422)
    unit = db.session.get(OrgUnit, form.org_unit_id.data) if form.org_unit_id.data else None
    if unit is None:
        form.org_unit_id.errors.append(_("Choose the applicants' unit."))
        return _render_assignments(call, bulk=form, status=422)
    ids = [i for i in form.reviewer_ids.data if i is not None]
    reviewers = queries.users_by_ids(ids)
    if len(reviewers) != len(set(ids)):
        form.reviewer_ids.errors.append(_("Choose reviewers from the list."))
        return _render_assignments(call, bulk=form, status=422)
    with attempt(form) as done:
        made, short = services.assign_by_unit(
            call, unit, reviewers, form.per_application.data, actor=actor()
        )
    if not done:
        return _render_assignments(call, bulk=form, status=422)
    response = saved(
        url_for("coordinator.review_assignments", call_id=call.id),
        _("%(n)s assignments made for applicants from %(unit)s.", n=made, unit=unit.name),
    )
    if short:
        flash(_("%(n)s applications still lack reviewers: pick more reviewers or assign by "
                "hand.", n=short), "warning")  # fmt: skip
    return response


# --- One application's reviews --------------------------------------------------------------


@bp.get("/applications/<int:application_id>/reviews")
def application_reviews(application_id: int):
    application = load(Application, application_id, where=_readable)
    authorize(policy.can_see_reviews(current_user, application), hide=True)
    criteria = criteria_of(application.call_id)
    return page(
        "coordinator/reviews/application_reviews.html",
        application=application,
        call=application.call,
        criteria=criteria,
        rows=queries.reviews_of(application, criteria),
        summary=queries.review_scores(application.call_id).get(application.id),
        phase=review_phase(application.call, date.today()),
    )
