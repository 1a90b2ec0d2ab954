"""A partner's contacts, faculties and departments, and factsheet."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts import org_units as units
from exchange.accounts.models import OrgUnit
from exchange.coordinator import bp
from exchange.coordinator.institutions import institution_or_404
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.partnerships import factsheets, institutions, policy, services
from exchange.partnerships.models import Institution, InstitutionContact
from exchange.partnerships.record_forms import ContactForm, FactsheetForm
from exchange.transactions import commit
from exchange.web import authorize


def _detail(institution: Institution, anchor: str):
    return redirect(
        url_for("coordinator.institution_detail", institution_id=institution.id, _anchor=anchor)
    )


def _status() -> int:
    return 422 if request.method == "POST" else 200


# --- Contacts -------------------------------------------------------------------------------


def _contact_or_404(institution: Institution, contact_id: int) -> InstitutionContact:
    contact = db.session.get(InstitutionContact, contact_id)
    if contact is None or contact.institution_id != institution.id:
        abort(404)
    return contact


@bp.route("/institutions/<int:institution_id>/contacts/new", methods=["GET", "POST"])
def contact_create(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_manage_contacts(current_user, institution))
    form = ContactForm()
    if form.validate_on_submit():
        try:
            contact = institutions.add_contact(institution, actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("%(name)s was added to the contacts.", name=contact.name), "success")
            return _detail(institution, "contacts")
    return render_template(
        "coordinator/institution_contact_form.html",
        form=form,
        institution=institution,
        contact=None,
    ), _status()


@bp.route(
    "/institutions/<int:institution_id>/contacts/<int:contact_id>/edit", methods=["GET", "POST"]
)
def contact_edit(institution_id: int, contact_id: int):
    institution = institution_or_404(institution_id)
    contact = _contact_or_404(institution, contact_id)
    authorize(policy.can_manage_contacts(current_user, institution))
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        try:
            institutions.update_contact(contact, actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("Changes to %(name)s were saved.", name=contact.name), "success")
            return _detail(institution, "contacts")
    return render_template(
        "coordinator/institution_contact_form.html",
        form=form,
        institution=institution,
        contact=contact,
    ), _status()


@bp.post("/institutions/<int:institution_id>/contacts/<int:contact_id>/delete")
def contact_delete(institution_id: int, contact_id: int):
    institution = institution_or_404(institution_id)
    contact = _contact_or_404(institution, contact_id)
    authorize(policy.can_manage_contacts(current_user, institution))
    name = contact.name
    institutions.delete_contact(contact, actor=current_user)
    commit()
    flash(_("%(name)s was removed from the contacts.", name=name), "success")
    return _detail(institution, "contacts")


# --- A partner's faculties and departments ---------------------------------------------------


def _partner_or_404(institution_id: int) -> Institution:
    """The home institution's tree has its own pages (coordinator.org_unit_*)."""
    institution = institution_or_404(institution_id)
    if institution.is_home:
        abort(404)
    return institution


def _unit_or_404(institution: Institution, unit_id: int) -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None or unit.institution_id != institution.id:
        abort(404)
    return unit


def _parent(form, institution: Institution) -> OrgUnit | None:
    if form.parent_id.data is None:
        return None
    parent = db.session.get(OrgUnit, form.parent_id.data)
    if parent is None:
        raise units.OrgUnitError(_("Choose a faculty from the list."), "parent_id")
    return parent


@bp.route("/institutions/<int:institution_id>/units/new", methods=["GET", "POST"])
def partner_unit_create(institution_id: int):
    institution = _partner_or_404(institution_id)
    authorize(units.can_manage_partner_units(current_user, institution))
    form = units.OrgUnitForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "faculty")
        form.parent_id.data = request.args.get("parent", None, type=int)
    form.set_choices(institution_id=institution.id)
    if form.validate_on_submit():
        try:
            unit = units.create_org_unit(
                institution=institution,
                code=form.code.data,
                name=form.name.data,
                kind=form.kind.data,
                parent=_parent(form, institution),
                actor=current_user,
            )
        except units.OrgUnitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("%(name)s was added.", name=unit.name), "success")
            return _detail(institution, "units")
    return render_template(
        "coordinator/institution_unit_form.html", form=form, institution=institution, unit=None
    ), _status()


@bp.route("/institutions/<int:institution_id>/units/<int:unit_id>/edit", methods=["GET", "POST"])
def partner_unit_edit(institution_id: int, unit_id: int):
    institution = _partner_or_404(institution_id)
    unit = _unit_or_404(institution, unit_id)
    authorize(units.can_manage_partner_units(current_user, institution))
    form = units.OrgUnitForm(obj=unit)
    form.set_choices(current=unit, institution_id=institution.id)
    if form.validate_on_submit():
        try:
            units.update_org_unit(
                unit,
                code=form.code.data,
                name=form.name.data,
                kind=form.kind.data,
                parent=_parent(form, institution),
                actor=current_user,
            )
        except units.OrgUnitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("Changes to %(name)s were saved.", name=unit.name), "success")
            return _detail(institution, "units")
    return render_template(
        "coordinator/institution_unit_form.html", form=form, institution=institution, unit=unit
    ), _status()


# --- Factsheet ------------------------------------------------------------------------------


@bp.route("/institutions/<int:institution_id>/factsheet", methods=["GET", "POST"])
def factsheet_edit(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_edit_factsheet(current_user, institution))
    factsheet = factsheets.factsheet_of(institution)
    form = FactsheetForm(obj=factsheet)
    if request.method == "GET" and factsheet is not None:
        form.load(factsheet)
    if form.validate_on_submit():
        try:
            factsheets.save_factsheet(institution, actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("The factsheet of %(name)s was saved.", name=institution.name), "success")
            return _detail(institution, "factsheet")
    return render_template(
        "coordinator/institution_factsheet.html",
        form=form,
        institution=institution,
        factsheet=factsheet,
    ), _status()
