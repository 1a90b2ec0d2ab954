"""Nominations to partners: the list per partner and term, the exports, nominate, the dates,
the partner's answer and the status moves.

Out of the coordinator's scope a nomination (or a placement) answers 404. Every refused
change shows its message beside the field with 422 and saves nothing.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from exchange.applications import listing
from exchange.applications.models import Application
from exchange.applications.policy import can_view
from exchange.coordinator import bp
from exchange.coordinator.objections import decide_url
from exchange.db import utcnow
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.placements.nominations import export, services
from exchange.placements.nominations import policy as rules
from exchange.placements.nominations.forms import (
    DatesForm,
    NominateForm,
    PartnerAnswerForm,
    StatusForm,
)
from exchange.placements.nominations.models import (
    Nomination,
    NominationError,
    NominationStatus,
    PartnerAnswer,
    default_dates,
    default_eqf,
    subject_areas,
)
from exchange.programs.states import Term
from exchange.transactions import commit
from exchange.web import authorize

TO_NOMINATE_MAX = 100


def _nomination_or_404(nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not rules.can_view_nomination(current_user, nomination):
        abort(404)
    return nomination


def _filters():
    authorize(rules.can_list_nominations(current_user))
    return rules.NominationFilters.from_args(request.args)


@bp.get("/nominations")
def nomination_list():
    filters = _filters()
    page = listing.paginate(
        rules.nominations_query(current_user, filters),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    waiting = db.session.scalars(
        rules.to_nominate_query(current_user, filters)
        .options(selectinload(Application.outcome_program))
        .limit(TO_NOMINATE_MAX)
    ).all()
    return render_template(
        "coordinator/nominations/nomination_list.html",
        page=page,
        waiting=waiting,
        waiting_max=TO_NOMINATE_MAX,
        filters=filters,
        partners=db.session.scalars(rules.partner_choices()).all(),
        terms=list(Term),
        statuses=list(NominationStatus),
        answers=list(PartnerAnswer),
    )


def _export_rows(filters) -> list[Nomination]:
    return db.session.scalars(rules.nominations_query(current_user, filters)).unique().all()


def _download_name(ext: str) -> str:
    return f"nominations-{date.today().isoformat()}.{ext}"


def _no_home():
    flash(_("The export needs the home institution's SCHAC code; record the home institution "
            "first."), "error")  # fmt: skip
    return redirect(url_for("coordinator.nomination_list"))


@bp.get("/nominations.csv")
def nomination_export_csv():
    filters = _filters()
    try:
        body = export.to_csv(_export_rows(filters), generated_at=utcnow())
    except NominationError:
        return _no_home()
    return Response(
        "\ufeff" + body,  # the BOM makes spreadsheets read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_download_name("csv")}"'},
    )


@bp.get("/nominations.json")
def nomination_export_json():
    filters = _filters()
    try:
        document = export.to_document(_export_rows(filters), generated_at=utcnow())
    except NominationError:
        return _no_home()
    response = current_app.response_class(
        current_app.json.dumps(document, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{_download_name("json")}"'
    return response


@bp.route("/applications/<int:application_id>/nominate", methods=["GET", "POST"])
def nomination_create(application_id: int):
    application = db.session.get(Application, application_id)
    if application is None or not can_view(current_user, application):
        abort(404)
    if not rules.can_nominate(current_user, application):
        flash(_("Only a placed student without a nomination can be nominated, by a coordinator "
                "in charge of the destination. Nothing was changed."), "warning")  # fmt: skip
        return redirect(url_for("coordinator.nomination_list"))
    program = application.outcome_program
    form = NominateForm()
    form.set_isced_choices(subject_areas(program))
    if request.method == "GET":
        form.planned_arrival.data, form.planned_departure.data = default_dates(program)
        form.eqf_level.data = default_eqf(application) or ""
        areas = subject_areas(program)
        form.isced_code.data = areas[0] if areas else ""
    elif form.validate_on_submit():
        try:
            services.nominate(
                application, actor=current_user._get_current_object(),
                planned_arrival=form.planned_arrival.data,
                planned_departure=form.planned_departure.data,
                eqf_level=form.eqf_level.data or None, isced_code=form.isced_code.data or None,
            )  # fmt: skip
            commit()
        except NominationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("%(student)s is nominated to %(partner)s.",
                    student=application.student.full_name,
                    partner=program.partnership.partner.name), "success")  # fmt: skip
            return redirect(url_for("coordinator.nomination_list"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "coordinator/nominations/nomination_create.html",
        application=application, program=program, form=form,
    ), status  # fmt: skip


def _render_detail(nomination: Nomination, *, dates=None, answer=None, note=None, status=200):
    if dates is None:
        dates = DatesForm(formdata=None, obj=nomination)
    if answer is None:
        answer = PartnerAnswerForm(formdata=None, answered_on=date.today())
    history = db.session.scalars(
        select(Nomination).where(Nomination.application_id == nomination.application_id,
                                 Nomination.id != nomination.id).order_by(Nomination.id)
    ).all()  # fmt: skip
    return render_template(
        "coordinator/nominations/nomination_detail.html",
        nomination=nomination,
        application=nomination.application,
        dates=dates,
        answer=answer,
        note=note or StatusForm(formdata=None),
        history=history,
        moves=[t for t in NominationStatus if rules.can_change_status(current_user, nomination, t)],
        can_edit_dates=rules.can_edit_dates(current_user, nomination),
        can_answer=rules.can_record_answer(current_user, nomination),
        decide_url=decide_url(nomination.application),
    ), status


@bp.get("/nominations/<int:nomination_id>")
def nomination_detail(nomination_id: int):
    return _render_detail(_nomination_or_404(nomination_id))


def _back(nomination: Nomination):
    return redirect(url_for("coordinator.nomination_detail", nomination_id=nomination.id))


@bp.post("/nominations/<int:nomination_id>/dates")
def nomination_dates(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    authorize(rules.can_edit_dates(current_user, nomination))
    form = DatesForm()
    if form.validate_on_submit():
        try:
            services.update_dates(nomination, actor=current_user._get_current_object(),
                                  planned_arrival=form.planned_arrival.data,
                                  planned_departure=form.planned_departure.data)  # fmt: skip
            commit()
        except NominationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("The planned dates were saved; the student was told."), "success")
            return _back(nomination)
    return _render_detail(nomination, dates=form, status=422)


@bp.post("/nominations/<int:nomination_id>/answer")
def nomination_answer(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    if not rules.can_record_answer(current_user, nomination):
        flash(_("The partner's answer to this nomination is already recorded. Nothing was "
                "changed."), "warning")  # fmt: skip
        return _back(nomination)
    form = PartnerAnswerForm()
    if form.validate_on_submit():
        try:
            services.record_partner_answer(
                nomination, actor=current_user._get_current_object(), answer=form.answer.data,
                answered_on=form.answered_on.data, reason=form.reason.data,
            )  # fmt: skip
            commit()
        except NominationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("The partner's answer was recorded."), "success")
            return _back(nomination)
    return _render_detail(nomination, answer=form, status=422)


@bp.post("/nominations/<int:nomination_id>/status/<target>")
def nomination_status(nomination_id: int, target: str):
    nomination = _nomination_or_404(nomination_id)
    try:
        target = NominationStatus(target)
    except ValueError:
        abort(404)
    if not rules.can_change_status(current_user, nomination, target):
        flash(_("This nomination cannot become %(status)s now. Nothing was changed.",
                status=target.label.lower()), "warning")  # fmt: skip
        return _back(nomination)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.change_nomination_status(nomination, target, note=form.note.data,
                                              end_placement=form.end_placement.data,
                                              actor=current_user._get_current_object())  # fmt: skip
            commit()
        except NominationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("The nomination is now %(status)s.", status=target.label.lower()), "success")
            return _back(nomination)
    return _render_detail(nomination, note=form, status=422)
