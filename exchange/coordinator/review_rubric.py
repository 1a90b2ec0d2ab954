"""A call's rubric: the criteria reviewers score, with their weights and ranges."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.programs import call_policy
from exchange.reviews import policy, rubric
from exchange.reviews.errors import ReviewError
from exchange.reviews.forms import CriterionForm
from exchange.reviews.models import RubricCriterion
from exchange.reviews.phase import review_phase
from exchange.transactions import commit
from exchange.web import authorize


def _criterion_or_404(criterion_id: int) -> RubricCriterion:
    criterion = db.session.get(RubricCriterion, criterion_id)
    if criterion is None:
        abort(404)
    return criterion


def _render(call, form=None, status=200):
    criteria = rubric.criteria_of(call.id)
    return render_template(
        "coordinator/reviews/rubric.html",
        call=call,
        criteria=criteria,
        in_use=rubric.criteria_in_use(call.id),
        total_weight=sum(c.weight for c in criteria),
        locked=rubric.call_has_scores(call.id),
        form=form or CriterionForm(formdata=None),
        phase=review_phase(call),
        can_configure=policy.can_configure_rubric(current_user, call),
    ), status


@bp.get("/calls/<int:call_id>/rubric")
def rubric_detail(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_view_call(current_user, call))
    return _render(call)


@bp.post("/calls/<int:call_id>/rubric")
def rubric_add(call_id: int):
    call = call_or_404(call_id)
    authorize(policy.can_configure_rubric(current_user, call))
    form = CriterionForm()
    if not form.validate_on_submit():
        return _render(call, form, 422)
    try:
        criterion = rubric.add_criterion(call, actor=current_user, **form.service_fields())
        commit()
    except ReviewError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render(call, form, 422)
    flash(_("“%(name)s” was added to the rubric.", name=criterion.name), "success")
    return redirect(url_for("coordinator.rubric_detail", call_id=call.id))


@bp.route("/rubric-criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
def rubric_edit(criterion_id: int):
    criterion = _criterion_or_404(criterion_id)
    call = criterion.call
    authorize(policy.can_configure_rubric(current_user, call))
    form = CriterionForm(obj=criterion)
    if form.validate_on_submit():
        try:
            rubric.update_criterion(criterion, actor=current_user, **form.service_fields())
            commit()
        except ReviewError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("The criterion was saved."), "success")
            return redirect(url_for("coordinator.rubric_detail", call_id=call.id))
    status = 422 if request.method == "POST" else 200
    criterion = db.session.get(RubricCriterion, criterion_id)
    return render_template(
        "coordinator/reviews/rubric_edit.html",
        call=criterion.call,
        criterion=criterion,
        form=form,
        in_use=criterion.id in rubric.criteria_in_use(criterion.call_id),
    ), status


@bp.post("/rubric-criteria/<int:criterion_id>/remove")
def rubric_remove(criterion_id: int):
    criterion = _criterion_or_404(criterion_id)
    call_id, name = criterion.call_id, criterion.name
    authorize(policy.can_configure_rubric(current_user, criterion.call))
    try:
        rubric.remove_criterion(criterion, actor=current_user)
        commit()
    except ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("“%(name)s” was removed from the rubric.", name=name), "success")
    return redirect(url_for("coordinator.rubric_detail", call_id=call_id))


@bp.post("/rubric-criteria/<int:criterion_id>/move")
def rubric_move(criterion_id: int):
    criterion = _criterion_or_404(criterion_id)
    authorize(policy.can_configure_rubric(current_user, criterion.call))
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    rubric.move_criterion(criterion, offset, actor=current_user)
    commit()
    return redirect(url_for("coordinator.rubric_detail", call_id=criterion.call_id))
