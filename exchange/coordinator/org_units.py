"""The home institution's faculties and departments, as a tree."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts import org_units as units
from exchange.accounts.models import OrgUnit
from exchange.accounts.roles import OrgUnitKind
from exchange.coordinator import bp
from exchange.partnerships.queries import home_institution
from exchange.web import actor, authorize, form_flow, load, page


@bp.get("/org-units")
def org_unit_list():
    authorize(units.can_manage_org_units(current_user))
    return page(
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
    return form_flow(
        "coordinator/org_unit_create.html",
        form,
        lambda: units.create_org_unit(institution=home, actor=actor(), **form.fields()),
        lambda unit: (
            url_for("coordinator.org_unit_list"),
            _("%(name)s was added.", name=unit.name),
        ),
        home=home,
    )


@bp.route("/org-units/<int:unit_id>/edit", methods=["GET", "POST"])
def org_unit_edit(unit_id: int):
    unit = load(OrgUnit, unit_id, where=lambda u: u.institution.is_home)
    authorize(units.can_manage_org_units(current_user))
    form = units.OrgUnitForm(obj=unit)
    form.set_choices(current=unit)

    def run():
        units.update_org_unit(unit, actor=actor(), **form.fields())
        if "head_id" in request.form:  # a form without the field keeps the head
            units.set_unit_head(unit, form.head_id.data, actor=actor())

    return form_flow(
        "coordinator/org_unit_edit.html",
        form,
        run,
        lambda _done: (
            url_for("coordinator.org_unit_list"),
            _("Changes to %(name)s were saved.", name=unit.name),
        ),
        unit=unit,
    )
