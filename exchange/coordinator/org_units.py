"""The home institution's faculties and departments, as a tree."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts import org_units as units
from exchange.accounts.models import OrgUnit
from exchange.accounts.roles import OrgUnitKind
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.partnerships.queries import home_institution
from exchange.transactions import commit
from exchange.web import authorize


def _home_unit_or_404(unit_id: int) -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None or not unit.institution.is_home:
        abort(404)
    return unit


def _parent(form) -> OrgUnit | None:
    """The chosen parent, or None; an id that is no unit is reported beside the field."""
    if form.parent_id.data is None:
        return None
    parent = db.session.get(OrgUnit, form.parent_id.data)
    if parent is None:
        raise units.OrgUnitError(_("Choose a faculty from the list."), "parent_id")
    return parent


@bp.get("/org-units")
def org_unit_list():
    authorize(units.can_manage_org_units(current_user))
    return render_template(
        "coordinator/org_unit_list.html",
        tree=units.home_unit_tree(),
        home=home_institution(),
        kind_label=units.kind_label,
    )


@bp.route("/org-units/new", methods=["GET", "POST"])
def org_unit_create():
    authorize(units.can_manage_org_units(current_user))
    home = home_institution()
    if home is None:
        abort(404)
    form = units.OrgUnitForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", OrgUnitKind.DEPARTMENT.value)
        form.parent_id.data = request.args.get("parent", None, type=int)
    form.set_choices()
    if form.validate_on_submit():
        try:
            unit = units.create_org_unit(
                institution=home,
                code=form.code.data,
                name=form.name.data,
                kind=form.kind.data,
                parent=_parent(form),
                actor=current_user,
            )
        except units.OrgUnitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("%(name)s was added.", name=unit.name), "success")
            return redirect(url_for("coordinator.org_unit_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("coordinator/org_unit_create.html", form=form, home=home), status


@bp.route("/org-units/<int:unit_id>/edit", methods=["GET", "POST"])
def org_unit_edit(unit_id: int):
    unit = _home_unit_or_404(unit_id)
    authorize(units.can_manage_org_units(current_user))
    form = units.OrgUnitForm(obj=unit)
    form.set_choices(current=unit)
    if form.validate_on_submit():
        try:
            units.update_org_unit(
                unit,
                code=form.code.data,
                name=form.name.data,
                kind=form.kind.data,
                parent=_parent(form),
                actor=current_user,
            )
            if "head_id" in request.form:  # a form without the field keeps the head
                units.set_unit_head(unit, form.head_id.data, actor=current_user)
        except units.OrgUnitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("Changes to %(name)s were saved.", name=unit.name), "success")
            return redirect(url_for("coordinator.org_unit_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("coordinator/org_unit_edit.html", form=form, unit=unit), status
