"""Programs (calls for applications): list, create, edit, detail and their state changes."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from exchange.accounts.models import OrgUnit
from exchange.accounts.org_units import home_units
from exchange.accounts.roles import StudyLevel
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import TransitionForm, attach_error
from exchange.partnerships.models import Partnership
from exchange.partnerships.queries import history, open_partnerships
from exchange.partnerships.states import MobilityType
from exchange.placements.seats import is_seats_held_violation, seats_held_message
from exchange.programs import policy, services
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
from exchange.transactions import commit
from exchange.web import authorize
from exchange.workflow import TransitionError


def _program_or_404(program_id: int) -> Program:
    program = db.session.get(Program, program_id)
    if program is None:
        abort(404)
    return program


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


def _missing_condition_url(error) -> str | None:
    if isinstance(error, services.QuotaError) and error.missing:
        return url_for("coordinator.condition_create", partnership_id=error.partnership_id)
    return None


def _refused_by_database(form: ProgramForm, program: Program | None) -> None:
    """The quota trigger refused a write another request made possible a moment earlier:
    say it as the service would, with the numbers as they are now."""
    kind, year = form.mobility_type.data, form.academic_year.data
    partnership_id = form.partnership_id.data
    places = outgoing_places(partnership_id, kind) or 0
    offered = seats_offered(
        partnership_id, kind, year, excluding=program.id if program is not None else None
    )
    form.seats.errors = [*form.seats.errors, services.quota_sentence(places, offered, kind, year)]


def _form_data(form: ProgramForm) -> dict:
    unit_ids = form.org_unit_ids.data or []
    units = (
        list(db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids))))
        if unit_ids
        else []
    )
    return form.fields() | {"org_units": units}


@bp.get("/programs")
def program_list():
    authorize(policy.can_create_program(current_user))
    state = request.args.get("status", "")
    partnership_id = request.args.get("partnership", None, type=int)
    year = parse_academic_year(request.args.get("year", ""))
    page = db.paginate(
        programs_query(state=state, partnership_id=partnership_id, academic_year=year),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    partnerships = db.session.scalars(select(Partnership).order_by(Partnership.title)).all()
    return render_template(
        "coordinator/program_list.html",
        page=page,
        states=list(ProgramState),
        partnerships=partnerships,
        years=program_years(),
        filters={"status": state, "partnership": partnership_id, "year": year},
    )


@bp.route("/programs/new", methods=["GET", "POST"])
def program_create():
    authorize(policy.can_create_program(current_user))
    form = _form()
    if request.method == "GET" and request.args.get("partnership", type=int):
        form.partnership_id.data = request.args.get("partnership", type=int)
    missing_url = None
    if form.validate_on_submit():
        partnership = db.session.get(Partnership, form.partnership_id.data)
        try:
            program = services.create_program(
                partnership=partnership, actor=current_user, **_form_data(form)
            )
            commit()
        except services.ProgramError as error:
            db.session.rollback()
            attach_error(form, error)
            missing_url = _missing_condition_url(error)
        except DBAPIError as error:
            db.session.rollback()
            if not is_quota_violation(error):
                raise
            _refused_by_database(form, None)
        else:
            flash(_("The call was saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("coordinator.program_detail", program_id=program.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "coordinator/program_create.html",
        form=form,
        quota=_quota_hints(None),
        missing_condition_url=missing_url,
    ), status


@bp.get("/programs/<int:program_id>")
def program_detail(program_id: int):
    program = _program_or_404(program_id)
    authorize(policy.can_view_program(current_user, program))
    can_change = policy.can_change_program_state(current_user, program)
    return render_template(
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
    missing_url = None
    if form.validate_on_submit():
        partnership = db.session.get(Partnership, form.partnership_id.data)
        try:
            services.update_program(
                program, partnership=partnership, actor=current_user, **_form_data(form)
            )
            commit()
        except services.ProgramError as error:
            db.session.rollback()
            attach_error(form, error)
            missing_url = _missing_condition_url(error)
        except DBAPIError as error:
            db.session.rollback()
            if is_seats_held_violation(error):
                form.seats.errors = [*form.seats.errors, seats_held_message(program)]
            elif not is_quota_violation(error):
                raise
            else:
                _refused_by_database(form, program)
        else:
            flash(_("Changes to the call were saved."), "success")
            return redirect(url_for("coordinator.program_detail", program_id=program.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "coordinator/program_edit.html",
        form=form,
        program=program,
        quota=_quota_hints(program),
        missing_condition_url=missing_url,
    ), status


@bp.post("/programs/<int:program_id>/transition")
def program_transition(program_id: int):
    program = _program_or_404(program_id)
    authorize(policy.can_change_program_state(current_user, program))
    form = TransitionForm()
    back = redirect(url_for("coordinator.program_detail", program_id=program.id))
    target = form.target.data if form.validate_on_submit() else None
    if target not in ProgramState.values():
        flash(_("Choose one of the status buttons."), "error")
        return back
    try:
        services.change_program_state(
            program, ProgramState(target), actor=current_user, note=form.note.data
        )
    except (TransitionError, services.ProgramError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    commit()
    flash(_("The call is now %(state)s.", state=program.state.label), "success")
    if program.state == ProgramState.PUBLISHED and program.call_id is None:
        # Students see it in the catalogue but can only apply through a call.
        flash(
            _("Students cannot apply yet: add this program to a call on the Calls page."),
            "warning",
        )
    return back
