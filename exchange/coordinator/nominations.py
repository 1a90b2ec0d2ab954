"""Nominations to partners: the list per partner and term, the exports, nominate, the dates,
the partner's answer and the status moves.

Out of the coordinator's scope a nomination (or a placement) answers 404. Every refused
change shows its message beside the field with 422 and saves nothing.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.applications import listing
from exchange.applications.models import Application
from exchange.applications.policy import can_view
from exchange.coordinator import bp
from exchange.db import utcnow
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
from exchange.placements.policy import can_decide
from exchange.programs.states import Term
from exchange.web import actor, attempt, authorize, load, page, refuse, rows, saved

TO_NOMINATE_MAX = 100
LIST_URL = "coordinator.nomination_list"


def _nomination(nomination_id: int) -> Nomination:
    return load(Nomination, nomination_id,
                where=lambda n: rules.can_view_nomination(current_user, n))  # fmt: skip


def _filters() -> rules.NominationFilters:
    authorize(rules.can_list_nominations(current_user))
    return rules.NominationFilters.from_args(request.args)


@bp.get("/nominations")
def nomination_list():
    filters = _filters()
    return page(
        "coordinator/nominations/nomination_list.html",
        page=listing.paginate(
            rules.nominations_query(current_user, filters),
            request.args.get("page", 1, type=int),
            current_app.config["PAGE_SIZE"],
        ),
        waiting=rules.to_nominate(current_user, filters, TO_NOMINATE_MAX),
        waiting_max=TO_NOMINATE_MAX,
        filters=filters,
        partners=rows(rules.partner_choices()),
        terms=list(Term),
        statuses=list(NominationStatus),
        answers=list(PartnerAnswer),
    )


def _export(render, ext: str, respond):
    """An export of the filtered list, or back to the list when the home institution lacks
    the SCHAC code every export names."""
    filters = _filters()
    try:
        body = render(rules.nominations(current_user, filters), generated_at=utcnow())
    except NominationError:
        return refuse(url_for(LIST_URL), _("The export needs the home institution's SCHAC "
                                           "code; record the home institution first."))  # fmt: skip
    response = respond(body)
    name = f"nominations-{date.today().isoformat()}.{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/nominations.csv")
def nomination_export_csv():
    # The BOM makes spreadsheets read UTF-8.
    return _export(export.to_csv, "csv", lambda body: Response("\ufeff" + body,
                                                               mimetype="text/csv"))  # fmt: skip


@bp.get("/nominations.json")
def nomination_export_json():
    return _export(
        export.to_document, "json",
        lambda document: current_app.response_class(
            current_app.json.dumps(document, indent=2), mimetype="application/json"),
    )  # fmt: skip


@bp.route("/applications/<int:application_id>/nominate", methods=["GET", "POST"])
def nomination_create(application_id: int):
    application = load(Application, application_id, where=lambda a: can_view(current_user, a))
    if not rules.can_nominate(current_user, application):
        message = _(
            "Only a placed student without a nomination can be nominated, by a "
            "coordinator in charge of the destination. Nothing was changed."
        )
        return refuse(url_for(LIST_URL), message, "warning")
    program = application.outcome_program
    form = NominateForm()
    form.set_isced_choices(subject_areas(program))
    done = attempt(form)
    if request.method == "GET":
        form.planned_arrival.data, form.planned_departure.data = default_dates(program)
        form.eqf_level.data = default_eqf(application) or ""
        areas = subject_areas(program)
        form.isced_code.data = areas[0] if areas else ""
    elif form.validate_on_submit():
        with done:
            services.nominate(
                application, actor=actor(),
                planned_arrival=form.planned_arrival.data,
                planned_departure=form.planned_departure.data,
                eqf_level=form.eqf_level.data or None, isced_code=form.isced_code.data or None,
            )  # fmt: skip
        if done:
            return saved(
                url_for(LIST_URL),
                _("%(student)s is nominated to %(partner)s.",
                  student=application.student.full_name, partner=program.partnership.partner.name),
            )  # fmt: skip
    return page("coordinator/nominations/nomination_create.html", done=done,
                application=application, program=program, form=form)  # fmt: skip


def _render_detail(nomination: Nomination, *, done=None, dates=None, answer=None, note=None):
    application = nomination.application
    return page(
        "coordinator/nominations/nomination_detail.html",
        done=done,
        nomination=nomination,
        application=application,
        dates=dates or DatesForm(formdata=None, obj=nomination),
        answer=answer or PartnerAnswerForm(formdata=None, answered_on=date.today()),
        note=note or StatusForm(formdata=None),
        history=rules.earlier_nominations(nomination),
        moves=[t for t in NominationStatus if rules.can_change_status(current_user, nomination, t)],
        can_edit_dates=rules.can_edit_dates(current_user, nomination),
        can_answer=rules.can_record_answer(current_user, nomination),
        decide_url=(url_for("coordinator.application_decide", application_id=application.id)
                    if can_decide(current_user, application) else None),
    )  # fmt: skip


@bp.get("/nominations/<int:nomination_id>")
def nomination_detail(nomination_id: int):
    return _render_detail(_nomination(nomination_id))


def _change(nomination: Nomination, form, part: str, run, message):
    """One form of the detail page (dates, answer, status): run the service when the form is
    valid and go back to the page; else show that form again with its message."""
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            run()
        if done:
            return saved(_detail_url(nomination), message)
    return _render_detail(nomination, done=done, **{part: form})


def _detail_url(nomination: Nomination) -> str:
    return url_for("coordinator.nomination_detail", nomination_id=nomination.id)


@bp.post("/nominations/<int:nomination_id>/dates")
def nomination_dates(nomination_id: int):
    nomination = _nomination(nomination_id)
    authorize(rules.can_edit_dates(current_user, nomination))
    form = DatesForm()
    return _change(
        nomination, form, "dates",
        lambda: services.update_dates(nomination, actor=actor(),
                                      planned_arrival=form.planned_arrival.data,
                                      planned_departure=form.planned_departure.data),
        _("The planned dates were saved; the student was told."),
    )  # fmt: skip


@bp.post("/nominations/<int:nomination_id>/answer")
def nomination_answer(nomination_id: int):
    nomination = _nomination(nomination_id)
    if not rules.can_record_answer(current_user, nomination):
        return refuse(_detail_url(nomination), _("The partner's answer to this nomination is "
                                                 "already recorded. Nothing was changed."),
                      "warning")  # fmt: skip
    form = PartnerAnswerForm()
    return _change(
        nomination, form, "answer",
        lambda: services.record_partner_answer(
            nomination, actor=actor(), answer=form.answer.data,
            answered_on=form.answered_on.data, reason=form.reason.data),
        _("The partner's answer was recorded."),
    )  # fmt: skip


@bp.post("/nominations/<int:nomination_id>/status/<target>")
def nomination_status(nomination_id: int, target: str):
    nomination = _nomination(nomination_id)
    try:
        target = NominationStatus(target)
    except ValueError:
        abort(404)
    if not rules.can_change_status(current_user, nomination, target):
        return refuse(_detail_url(nomination),
                      _("This nomination cannot become %(status)s now. Nothing was changed.",
                        status=target.label.lower()), "warning")  # fmt: skip
    form = StatusForm()
    return _change(
        nomination, form, "note",
        lambda: services.change_nomination_status(nomination, target, note=form.note.data,
                                                  end_placement=form.end_placement.data,
                                                  actor=actor()),
        _("The nomination is now %(status)s.", status=target.label.lower()),
    )  # fmt: skip
