"""A call's rubric: the criteria reviewers score, with their weights and ranges."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.programs import policy as program_policy
from exchange.programs.calls import Call
from exchange.reviews import policy, rubric
from exchange.reviews.forms import CriterionForm
from exchange.reviews.models import RubricCriterion
from exchange.reviews.phase import review_phase
from exchange.web import actor, attempt, authorize, button_flow, load, page, saved


def _criterion(criterion_id: int) -> RubricCriterion:
    """The criterion, once its call's rubric may be changed by this coordinator."""
    criterion = load(RubricCriterion, criterion_id)
    authorize(policy.can_configure_rubric(current_user, criterion.call))
    return criterion


def _rubric_url(call_id: int) -> str:
    return url_for("coordinator.rubric_detail", call_id=call_id)


def _render(call, form=None, done=None):
    criteria = rubric.criteria_of(call.id)
    return page(
        "coordinator/reviews/rubric.html",
        done=done,
        call=call,
        criteria=criteria,
        in_use=rubric.criteria_in_use(call.id),
        total_weight=sum(c.weight for c in criteria),
        locked=rubric.call_has_scores(call.id),
        form=form or CriterionForm(formdata=None),
        phase=review_phase(call),
        can_configure=policy.can_configure_rubric(current_user, call),
    )


@bp.get("/calls/<int:call_id>/rubric")
def rubric_detail(call_id: int):
    call = load(Call, call_id)
    authorize(program_policy.can_view_call(current_user, call))
    return _render(call)


@bp.post("/calls/<int:call_id>/rubric")
def rubric_add(call_id: int):
    call = load(Call, call_id)
    authorize(policy.can_configure_rubric(current_user, call))
    form = CriterionForm()
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            criterion = rubric.add_criterion(call, actor=actor(), **form.service_fields())
        if done:
            return saved(
                _rubric_url(call.id),
                _("“%(name)s” was added to the rubric.", name=criterion.name),
            )
    return _render(call, form, done)


@bp.route("/rubric-criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
def rubric_edit(criterion_id: int):
    criterion = _criterion(criterion_id)
    form = CriterionForm(obj=criterion)
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            rubric.update_criterion(criterion, actor=actor(), **form.service_fields())
        if done:
            return saved(_rubric_url(criterion.call_id), _("The criterion was saved."))
    return page(
        "coordinator/reviews/rubric_edit.html",
        done=done,
        call=criterion.call,
        criterion=criterion,
        form=form,
        in_use=criterion.id in rubric.criteria_in_use(criterion.call_id),
    )


@bp.post("/rubric-criteria/<int:criterion_id>/remove")
def rubric_remove(criterion_id: int):
    criterion = _criterion(criterion_id)
    call_id, name = criterion.call_id, criterion.name
    return button_flow(
        _rubric_url(call_id),
        lambda: rubric.remove_criterion(criterion, actor=actor()),
        _("“%(name)s” was removed from the rubric.", name=name),
    )


@bp.post("/rubric-criteria/<int:criterion_id>/move")
def rubric_move(criterion_id: int):
    criterion = _criterion(criterion_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    return button_flow(
        _rubric_url(criterion.call_id),
        lambda: rubric.move_criterion(criterion, offset, actor=actor()),
        None,
    )
