"""Calls (application rounds): list, create, edit, and the programs a call groups."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired

from exchange.applications import listing
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.programs import call_policy, calls
from exchange.programs.calls import Call, CallError
from exchange.programs.calls_forms import CallForm
from exchange.programs.models import Program
from exchange.transactions import commit
from exchange.web import authorize


class AddProgramForm(FlaskForm):
    program_id = SelectField(
        _l("Program"),
        coerce=listing.parse_int,
        validate_choice=False,  # the service says why a program cannot join, in words
        validators=[DataRequired(_l("Choose a program from the list."))],
    )


def call_or_404(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call


def _program_label(program: Program) -> str:
    return f"{program.title} — {program.partnership.partner.name} ({program.state.label})"


def _render_detail(call: Call, form: AddProgramForm, status: int = 200):
    addable = db.session.scalars(call_policy.addable_programs_query(current_user, call)).all()
    form.program_id.choices = [("", _("Choose a program…"))] + [
        (p.id, _program_label(p)) for p in addable
    ]
    programs = call.programs
    return render_template(
        "coordinator/call_detail.html",
        call=call,
        programs=programs,
        chosen=listing.choice_counts(call),
        counts=listing.state_counts(current_user, call, listing.ApplicationFilters()),
        movable={p.id for p in programs if call_policy.can_move_program(current_user, p)},
        addable=addable,
        form=form,
        can_edit=call_policy.can_edit_call(current_user, call),
    ), status


@bp.get("/calls")
def call_list():
    authorize(call_policy.can_manage_calls(current_user))
    page = listing.paginate(
        listing.calls_query(),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "coordinator/call_list.html", page=page, rows=listing.call_rows(current_user, page.items)
    )


@bp.route("/calls/new", methods=["GET", "POST"])
def call_create():
    authorize(call_policy.can_manage_calls(current_user))
    form = CallForm()
    if form.validate_on_submit():
        try:
            call = calls.create_call(actor=current_user, **form.service_fields())
            commit()
        except CallError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("The call was created. Now add the programs students may rank."), "success")
            return redirect(url_for("coordinator.call_detail", call_id=call.id))
    status = 422 if request.method == "POST" else 200
    return render_template("coordinator/call_create.html", form=form), status


@bp.get("/calls/<int:call_id>")
def call_detail(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_view_call(current_user, call))
    return _render_detail(call, AddProgramForm(formdata=None))


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
def call_edit(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_edit_call(current_user, call))
    form = CallForm(obj=call)
    if form.validate_on_submit():
        try:
            calls.update_call(call, actor=current_user, **form.service_fields())
            commit()
        except CallError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Changes to the call were saved."), "success")
            return redirect(url_for("coordinator.call_detail", call_id=call.id))
    status = 422 if request.method == "POST" else 200
    return render_template("coordinator/call_edit.html", form=form, call=call), status


@bp.post("/calls/<int:call_id>/programs")
def call_add_program(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_edit_call(current_user, call))
    form = AddProgramForm()
    if not form.validate_on_submit():
        return _render_detail(call, form, 422)
    program = db.session.get(Program, form.program_id.data)
    if program is None:
        form.program_id.errors.append(_("Choose a program from the list."))
        return _render_detail(call, form, 422)
    authorize(call_policy.can_move_program(current_user, program))
    if call_policy.in_another_call(call, program):
        form.program_id.errors.append(
            _("This program is already in the call “%(call)s”; take it out there first.",
              call=program.call.title)
        )  # fmt: skip
        return _render_detail(call, form, 422)
    try:
        calls.attach_program(call, program, actor=current_user)
        commit()
    except CallError as error:
        db.session.rollback()
        attach_error(form, error)
        return _render_detail(call, form, 422)
    flash(_("%(program)s is now part of the call.", program=program.title), "success")
    return redirect(url_for("coordinator.call_detail", call_id=call.id))


@bp.post("/calls/<int:call_id>/programs/<int:program_id>/remove")
def call_remove_program(call_id: int, program_id: int):
    call = call_or_404(call_id)
    program = db.session.get(Program, program_id)
    if program is None or program.call_id != call.id:
        abort(404)
    authorize(call_policy.can_edit_call(current_user, call))
    authorize(call_policy.can_move_program(current_user, program))
    back = redirect(url_for("coordinator.call_detail", call_id=call.id))
    try:
        calls.detach_program(call, program, actor=current_user)
        commit()
    except CallError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    flash(_("%(program)s was taken out of the call.", program=program.title), "success")
    return back
