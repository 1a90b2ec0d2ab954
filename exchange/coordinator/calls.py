"""Calls (application rounds): list, create, edit, and the programs a call groups."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired

from exchange.applications import listing
from exchange.coordinator import bp
from exchange.programs import calls
from exchange.programs import policy as program_policy
from exchange.programs.calls import Call
from exchange.programs.calls_forms import CallForm
from exchange.programs.models import Program
from exchange.web import (
    actor,
    attempt,
    authorize,
    button_flow,
    form_flow,
    load,
    page,
    picked,
    rows,
    saved,
)


class AddProgramForm(FlaskForm):
    program_id = SelectField(
        _l("Program"),
        coerce=listing.parse_int,
        validate_choice=False,  # the service says why a program cannot join, in words
        validators=[DataRequired(_l("Choose a program from the list."))],
    )


def call_or_404(call_id: int) -> Call:
    return load(Call, call_id)


def _detail_url(call: Call) -> str:
    return url_for("coordinator.call_detail", call_id=call.id)


def _program_label(program: Program) -> str:
    return f"{program.title} — {program.partnership.partner.name} ({program.state.label})"


def _render_detail(call: Call, form: AddProgramForm, done=None):
    """The call's page; adding a program re-renders it with the form's error (422)."""
    addable = rows(program_policy.addable_programs_query(current_user, call))
    form.program_id.choices = [("", _("Choose a program…"))] + [
        (p.id, _program_label(p)) for p in addable
    ]
    programs = call.programs
    return page(
        "coordinator/call_detail.html",
        done=done,
        call=call,
        programs=programs,
        chosen=listing.choice_counts(call),
        counts=listing.state_counts(current_user, call, listing.ApplicationFilters()),
        movable={p.id for p in programs if program_policy.can_move_program(current_user, p)},
        addable=addable,
        form=form,
        can_edit=program_policy.can_edit_call(current_user, call),
    )


@bp.get("/calls")
def call_list():
    authorize(program_policy.can_manage_calls(current_user))
    calls_page = listing.paginate(
        listing.calls_query(),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    return page(
        "coordinator/call_list.html",
        page=calls_page,
        rows=listing.call_rows(current_user, calls_page.items),
    )


@bp.route("/calls/new", methods=["GET", "POST"])
def call_create():
    authorize(program_policy.can_manage_calls(current_user))
    form = CallForm()
    return form_flow(
        "coordinator/call_create.html",
        form,
        lambda: calls.create_call(actor=actor(), **form.service_fields()),
        lambda call: (
            _detail_url(call),
            _("The call was created. Now add the programs students may rank."),
        ),
    )


@bp.get("/calls/<int:call_id>")
def call_detail(call_id: int):
    call = call_or_404(call_id)
    authorize(program_policy.can_view_call(current_user, call))
    return _render_detail(call, AddProgramForm(formdata=None))


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
def call_edit(call_id: int):
    call = call_or_404(call_id)
    authorize(program_policy.can_edit_call(current_user, call))
    form = CallForm(obj=call)
    return form_flow(
        "coordinator/call_edit.html",
        form,
        lambda: calls.update_call(call, actor=actor(), **form.service_fields()),
        lambda _done: (_detail_url(call), _("Changes to the call were saved.")),
        call=call,
    )


@bp.post("/calls/<int:call_id>/programs")
def call_add_program(call_id: int):
    call = call_or_404(call_id)
    authorize(program_policy.can_edit_call(current_user, call))
    form = AddProgramForm()
    if not form.validate_on_submit():
        return _render_detail(call, form)
    program = picked(Program, form.program_id.data)
    if program is None:
        form.program_id.errors.append(_("Choose a program from the list."))
        return _render_detail(call, form)
    authorize(program_policy.can_move_program(current_user, program))
    if program_policy.in_another_call(call, program):
        form.program_id.errors.append(
            _("This program is already in the call “%(call)s”; take it out there first.",
              call=program.call.title)
        )  # fmt: skip
        return _render_detail(call, form)
    with attempt(form) as done:
        calls.attach_program(call, program, actor=actor())
    if not done:
        return _render_detail(call, form, done)
    return saved(
        _detail_url(call), _("%(program)s is now part of the call.", program=program.title)
    )


@bp.post("/calls/<int:call_id>/programs/<int:program_id>/remove")
def call_remove_program(call_id: int, program_id: int):
    call = call_or_404(call_id)
    program = load(Program, program_id, where=lambda p: p.call_id == call.id)
    authorize(program_policy.can_edit_call(current_user, call))
    authorize(program_policy.can_move_program(current_user, program))
    return button_flow(
        _detail_url(call),
        lambda: calls.detach_program(call, program, actor=actor()),
        _("%(program)s was taken out of the call.", program=program.title),
    )
