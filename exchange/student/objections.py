"""The student's objection to a released result: the form, and afterwards its answer.

Another student's application answers 404. Outside the window, or a second time, the page
says why and shows no form; a refused POST answers 422 and saves nothing.
"""

from __future__ import annotations

from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications.models import Application
from exchange.applications.student_view import student_state
from exchange.forms import attach_error
from exchange.placements.objections.forms import ObjectionForm
from exchange.placements.objections.policy import can_object, objection_refusal
from exchange.placements.objections.services import lodge_objection, objection_deadline
from exchange.student.applications import own_application_or_404
from exchange.student.views import bp
from exchange.web import actor, page, quiet_attempt, saved

bp.add_app_template_global(can_object, "can_object")
bp.add_app_template_global(objection_deadline, "objection_deadline")


def _render(application: Application, form: ObjectionForm, refusal: str | None):
    return page(
        "student/objections/objection_form.html",
        application=application,
        state=student_state(application),
        objection=application.objection,
        deadline=objection_deadline(application.call),
        form=form,
        refusal=refusal,
    )


@bp.route("/applications/<int:application_id>/objection", methods=["GET", "POST"])
def application_objection(application_id: int):
    application = own_application_or_404(application_id)
    today = date.today()
    form = ObjectionForm()
    refusal = objection_refusal(current_user, application, today)
    if request.method == "GET":
        return _render(application, form, refusal if application.objection is None else None)
    if refusal or not form.validate_on_submit():
        return _render(application, form, refusal)
    # A message about the reason goes beside it; any other is the page's refusal.
    with quiet_attempt() as done:
        lodge_objection(application, actor=actor(), reason=form.reason.data, today=today)
    if done:
        return saved(
            url_for("student.application_objection", application_id=application.id),
            _("Your objection was sent to the international office. You get a mail with their "
              "answer."),
        )  # fmt: skip
    if done.error.field:
        attach_error(form, done.error)
        return _render(application, form, None)
    return _render(application, form, str(done.error))
