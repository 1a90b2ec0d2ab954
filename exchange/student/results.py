"""The student's result of an application: the offer to accept or decline, the waiting-list
positions, or the refusal, each with the explanation of the allocation run. Nothing of a
decision shows before the call's results are released; another student's application is 404.
"""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.applications.student_view import results_released, student_state
from exchange.placements import offers
from exchange.placements import policy as placement_policy
from exchange.placements.expiry import expire_if_due
from exchange.placements.forms import DeclineForm
from exchange.placements.promotion import positions
from exchange.placements.release import release_if_due
from exchange.student.views import bp
from exchange.transactions import commit
from exchange.web import actor, attempt_and_commit, load, page, refuse

S = ApplicationState
# States whose page names a program: the offer and what became of it.
WITH_PROGRAM = frozenset({S.OFFERED, S.ACCEPTED, S.PLACED, S.DECLINED, S.EXPIRED})
# Someone (the expiry, another tab) changed the offer at the same moment.
CHANGED = _l("Your offer changed while you answered; check it below and try again.")


def _result_or_404(application_id: int) -> Application:
    return load(
        Application,
        application_id,
        where=lambda a: placement_policy.can_see_result(current_user, a),
    )


def _result_url(application: Application) -> str:
    return url_for("student.application_result", application_id=application.id)


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


def _render(application: Application, form: DeclineForm, status: int | None = None):
    today = date.today()
    released = results_released(application)
    state = student_state(application)
    return page(
        "student/results/result.html",
        status=status,
        application=application,
        state=state,
        released=released,
        program=application.outcome_program if state in WITH_PROGRAM else None,
        waiting=positions(application) if released else [],
        explanation=_explanation(application) if released and state != S.UNDER_REVIEW else None,
        can_accept=placement_policy.can_accept(current_user, application, today),
        can_decline=placement_policy.can_decline(current_user, application, today),
        form=form,
    )


@bp.get("/applications/<int:application_id>/result")
def application_result(application_id: int):
    application = _result_or_404(application_id)
    _bring_up_to_date(application, date.today())
    return _render(application, DeclineForm(formdata=None))


# --- Answering the offer: the attempt commits, so a clash at COMMIT is a conflict too ---


@bp.post("/applications/<int:application_id>/accept")
def offer_accept(application_id: int):
    application = _result_or_404(application_id)
    if not placement_policy.can_accept(current_user, application):
        return refuse(_result_url(application), _("This offer can no longer be accepted."))
    with attempt_and_commit(busy=CHANGED) as done:
        offers.accept_offer(application, actor=actor())
    if done:
        flash(_("You accepted the offer. The office now confirms your placement."), "success")
    return redirect(_result_url(application))


@bp.post("/applications/<int:application_id>/decline")
def offer_decline(application_id: int):
    application = _result_or_404(application_id)
    if not placement_policy.can_decline(current_user, application):
        return refuse(_result_url(application), _("This offer can no longer be declined."))
    form = DeclineForm()
    if not form.validate_on_submit():
        return _render(application, form, 422)
    with attempt_and_commit(form, busy=CHANGED) as done:
        offers.decline_offer(application, actor=actor(), reason=form.reason.data)
    if done:
        flash(
            _("You declined the offer. The place goes to the next student on the waiting list."),
            "success",
        )
    elif done.error.field == "reason":
        return _render(application, form, 422)  # the message is beside the reason
    else:
        flash(str(done.error), "error")
    return redirect(_result_url(application))
