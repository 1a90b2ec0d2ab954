"""Programs (calls for applications): list, create, edit, detail and their state changes."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from exchange.accounts.org_units import home_units
from exchange.accounts.queries import units_by_ids
from exchange.accounts.roles import StudyLevel
from exchange.applications.seats import is_seats_held_violation, seats_held_message
from exchange.coordinator import bp
from exchange.forms import TransitionForm
from exchange.partnerships.history import history
from exchange.partnerships.models import Partnership
from exchange.partnerships.queries import open_partnerships, partnerships_by_title
from exchange.partnerships.states import MobilityType
from exchange.programs import policy, services
from exchange.programs.errors import ProgramError
from exchange.programs.forms import ProgramForm
from exchange.programs.models import Program
from exchange.programs.queries import (
    outgoing_places,
    program_years,
    programs_query,
    quota_overview,
    seats_offered,
)
from exchange.programs.quota import is_quota_violation
from exchange.programs.states import ProgramState
from exchange.reference import parse_academic_year
from exchange.web import actor, attempt, authorize, load, page, paginate, picked, refuse, saved


def _program_or_404(program_id: int) -> Program:
    return load(Program, program_id)


def _detail_url(program: Program) -> str:
    return url_for("coordinator.program_detail", program_id=program.id)


def _agreements(program: Program | None) -> list[Partnership]:
    choices = [p for p in open_partnerships() if policy.can_create_program_under(current_user, p)]
    if program is not None and program.partnership not in choices:
        choices.insert(0, program.partnership)
    return choices


def _form(program: Program | None = None) -> ProgramForm:
    form = ProgramForm(obj=program)
    form.set_choices(_agreements(program), home_units())
    if program is not None and request.method == "GET":
        form.org_unit_ids.data = [u.id for u in program.org_units]
    return form


def _form_data(form: ProgramForm) -> dict:
    return form.fields() | {
        "partnership": picked(Partnership, form.partnership_id.data),
        "org_units": units_by_ids(form.org_unit_ids.data or []),
    }


def _quota_hints(program: Program | None) -> dict:
    """What the form's script needs to show the places left beside the seats, before saving:
    each agreement's validity and outgoing places, and the seats other calls already offer."""
    agreements = _agreements(program)
    overview = quota_overview(
        [p.id for p in agreements], excluding=program.id if program is not None else None
    )
    return {
        "agreements": {
            p.id: {"first": p.first_year, "last": p.last_year, "types": overview[p.id]}
            for p in agreements
        },
        "types": {t.value: str(services.TYPE_PHRASES[t]) for t in MobilityType},
        "text": {
            "left": _(
                "Outgoing places a year for %(type)s in %(year)s: %(places)s. Already offered "
                "in other calls: %(offered)s. Left: %(left)s."
            ),
            "none": _(
                "This agreement has no outgoing condition for %(type)s: add one before opening "
                "a call of this type."
            ),
        },
    }


def _database_refusal(form: ProgramForm, program: Program | None):
    """Say a refusal of the database's own checks as the service would: the quota trigger
    (another request used the places a moment earlier; with the numbers as they are now) and
    the CHECK that keeps the seats above those already held."""

    def explain(error: Exception) -> ProgramError | None:
        if not isinstance(error, DBAPIError):
            return None
        if program is not None and is_seats_held_violation(error):
            return ProgramError(seats_held_message(program), "seats")
        if not is_quota_violation(error):
            return None
        kind, year = form.mobility_type.data, form.academic_year.data
        places = outgoing_places(form.partnership_id.data, kind) or 0
        offered = seats_offered(
            form.partnership_id.data,
            kind,
            year,
            excluding=program.id if program is not None else None,
        )
        return ProgramError(services.quota_sentence(places, offered, kind, year), "seats")

    return explain


def _program_page(template: str, form: ProgramForm, current: Program | None, run, message, **ctx):
    """The create and edit pages: save, or show the form with the places left and, when the
    agreement lacks the outgoing condition, a link to add it."""
    done = attempt(form, explain=_database_refusal(form, current))
    if form.validate_on_submit():
        with done:
            saved_program = run()
        if done:
            return saved(_detail_url(saved_program), message)
    error = done.error
    missing = isinstance(error, services.QuotaError) and error.missing
    return page(
        template,
        done=done,
        form=form,
        quota=_quota_hints(current),
        missing_condition_url=(
            url_for("coordinator.condition_create", partnership_id=error.partnership_id)
            if missing
            else None
        ),
        **ctx,
    )


@bp.get("/programs")
def program_list():
    authorize(policy.can_create_program(current_user))
    state = request.args.get("status", "")
    partnership_id = request.args.get("partnership", None, type=int)
    year = parse_academic_year(request.args.get("year", ""))
    return page(
        "coordinator/program_list.html",
        page=paginate(
            programs_query(state=state, partnership_id=partnership_id, academic_year=year)
        ),
        states=list(ProgramState),
        partnerships=partnerships_by_title(),
        years=program_years(),
        filters={"status": state, "partnership": partnership_id, "year": year},
    )


@bp.route("/programs/new", methods=["GET", "POST"])
def program_create():
    authorize(policy.can_create_program(current_user))
    form = _form()
    if request.method == "GET" and request.args.get("partnership", type=int):
        form.partnership_id.data = request.args.get("partnership", type=int)
    return _program_page(
        "coordinator/program_create.html",
        form,
        None,
        lambda: services.create_program(actor=actor(), **_form_data(form)),
        _("The call was saved as a draft. Publish it when it is ready."),
    )


@bp.get("/programs/<int:program_id>")
def program_detail(program_id: int):
    program = _program_or_404(program_id)
    authorize(policy.can_view_program(current_user, program))
    can_change = policy.can_change_program_state(current_user, program)
    return page(
        "coordinator/program_detail.html",
        program=program,
        history=history(program, ProgramState),
        actions=services.program_actions(program) if can_change else [],
        transition_form=TransitionForm(formdata=None),
        today=date.today(),
        gpa_max=services.gpa_scale_max(),
        eqf_label=lambda level: StudyLevel(level).label,
    )


@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
def program_edit(program_id: int):
    program = _program_or_404(program_id)
    authorize(policy.can_edit_program(current_user, program))
    form = _form(program)
    return _program_page(
        "coordinator/program_edit.html",
        form,
        program,
        lambda: services.update_program(program, actor=actor(), **_form_data(form)),
        _("Changes to the call were saved."),
        program=program,
    )


@bp.post("/programs/<int:program_id>/transition")
def program_transition(program_id: int):
    program = _program_or_404(program_id)
    authorize(policy.can_change_program_state(current_user, program))
    form = TransitionForm()
    back = _detail_url(program)
    target = form.chosen(ProgramState)
    if target is None:
        return refuse(back, _("Choose one of the status buttons."))
    with attempt() as done:
        services.change_program_state(program, target, actor=actor(), note=form.note.data)
    if not done:
        return redirect(back)
    response = saved(back, _("The call is now %(state)s.", state=program.state.label))
    if program.state == ProgramState.PUBLISHED and program.call_id is None:
        # Students see it in the catalogue but can only apply through a call.
        flash(
            _("Students cannot apply yet: add this program to a call on the Calls page."),
            "warning",
        )
    return response
