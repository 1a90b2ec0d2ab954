"""The student's objection to a released result: the form, and afterwards its answer.

Another student's application answers 404. Outside the window, or a second time, the page
says why and shows no form; a refused POST answers 422 and saves nothing.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications import policy
from exchange.applications.models import Application
from exchange.applications.student_view import student_state
from exchange.extensions import db
from exchange.placements.objections.forms import ObjectionForm
from exchange.placements.objections.policy import can_object, objection_refusal
from exchange.placements.objections.services import (
    ObjectionError,
    lodge_objection,
    objection_deadline,
)
from exchange.student.views import bp
from exchange.transactions import commit

bp.add_app_template_global(can_object, "can_object")
bp.add_app_template_global(objection_deadline, "objection_deadline")


def _own_application_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or not policy.is_owner(current_user, application):
        abort(404)
    return application


def _render(application: Application, form: ObjectionForm, refusal: str | None, status: int):
    return render_template(
        "student/objections/objection_form.html",
        application=application,
        state=student_state(application),
        objection=application.objection,
        deadline=objection_deadline(application.call),
        form=form,
        refusal=refusal,
    ), status


@bp.route("/applications/<int:application_id>/objection", methods=["GET", "POST"])
def application_objection(application_id: int):
    application = _own_application_or_404(application_id)
    today = date.today()
    form = ObjectionForm()
    refusal = objection_refusal(current_user, application, today)
    if request.method == "GET":
        return _render(application, form, refusal if application.objection is None else None, 200)
    if refusal:
        return _render(application, form, refusal, 422)
    if form.validate_on_submit():
        try:
            lodge_objection(application, actor=current_user._get_current_object(),
                            reason=form.reason.data, today=today)  # fmt: skip
            commit()
        except ObjectionError as error:
            db.session.rollback()
            if error.field:
                form.reason.errors = [*form.reason.errors, str(error)]
            else:
                return _render(application, form, str(error), 422)
        else:
            flash(_("Your objection was sent to the international office. You get a mail "
                    "with their answer."), "success")  # fmt: skip
            return redirect(url_for("student.application_objection",
                                    application_id=application.id))  # fmt: skip
    return _render(application, form, None, 422)
