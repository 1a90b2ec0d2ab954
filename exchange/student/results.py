"""The student's result of an application: the offer to accept or decline, the waiting-list
positions, or the refusal, each with the explanation of the allocation run. Nothing of a
decision shows before the call's results are released; another student's application is 404.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.applications.student_view import results_released, student_state
from exchange.extensions import db
from exchange.placements import offers
from exchange.placements import policy as placement_policy
from exchange.placements.errors import PlacementError
from exchange.placements.expiry import expire_if_due
from exchange.placements.forms import DeclineForm
from exchange.placements.promotion import positions
from exchange.placements.release import release_if_due
from exchange.student.views import bp
from exchange.transactions import commit

S = ApplicationState
# States whose page names a program: the offer and what became of it.
WITH_PROGRAM = frozenset({S.OFFERED, S.ACCEPTED, S.PLACED, S.DECLINED, S.EXPIRED})


def _own_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or not placement_policy.can_see_result(current_user, application):
        abort(404)
    return application


def _explanation(application: Application) -> str | None:
    try:
        from exchange.selection.results import explanation_for
    except ImportError:  # the allocation run's explanations are not installed
        return None
    return explanation_for(application)


def _bring_up_to_date(application: Application, today: date) -> None:
    """On read: release the call when its day has come and expire an overdue offer."""
    changed = release_if_due(application.call, today) is not None
    changed = expire_if_due(application, today) or changed
    if changed:
        commit()


def _render(application: Application, form: DeclineForm, status: int = 200):
    today = date.today()
    released = results_released(application)
    state = student_state(application)
    return render_template(
        "student/results/result.html",
        application=application,
        state=state,
        released=released,
        program=application.outcome_program if state in WITH_PROGRAM else None,
        waiting=positions(application) if released else [],
        explanation=_explanation(application) if released and state != S.UNDER_REVIEW else None,
        can_accept=placement_policy.can_accept(current_user, application, today),
        can_decline=placement_policy.can_decline(current_user, application, today),
        form=form,
    ), status


@bp.get("/applications/<int:application_id>/result")
def application_result(application_id: int):
    application = _own_or_404(application_id)
    _bring_up_to_date(application, date.today())
    return _render(application, DeclineForm(formdata=None))


def _answer(application: Application, action, success: str, form: DeclineForm | None = None):
    try:
        action()
        commit()
    except PlacementError as error:
        db.session.rollback()
        if form is not None and error.field == "reason":
            form.reason.errors = [str(error)]
            return _render(application, form, 422)
        flash(str(error), "error")
    except (StaleDataError, OperationalError):
        # Someone (the expiry, another tab) changed the offer at the same moment.
        db.session.rollback()
        flash(_("Your offer changed while you answered; check it below and try again."), "error")
    else:
        flash(success, "success")
    return redirect(url_for("student.application_result", application_id=application.id))


@bp.post("/applications/<int:application_id>/accept")
def offer_accept(application_id: int):
    application = _own_or_404(application_id)
    if not placement_policy.can_accept(current_user, application):
        flash(_("This offer can no longer be accepted."), "error")
        return redirect(url_for("student.application_result", application_id=application.id))
    actor = current_user._get_current_object()
    return _answer(
        application,
        lambda: offers.accept_offer(application, actor=actor),
        _("You accepted the offer. The office now confirms your placement."),
    )


@bp.post("/applications/<int:application_id>/decline")
def offer_decline(application_id: int):
    application = _own_or_404(application_id)
    if not placement_policy.can_decline(current_user, application):
        flash(_("This offer can no longer be declined."), "error")
        return redirect(url_for("student.application_result", application_id=application.id))
    form = DeclineForm()
    if not form.validate_on_submit():
        return _render(application, form, 422)
    actor = current_user._get_current_object()
    return _answer(
        application,
        lambda: offers.decline_offer(application, actor=actor, reason=form.reason.data),
        _("You declined the offer. The place goes to the next student on the waiting list."),
        form,
    )
