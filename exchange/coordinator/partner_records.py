"""A partner's contacts, faculties and departments, and factsheet."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts import org_units as units
from exchange.accounts.models import OrgUnit
from exchange.coordinator import bp
from exchange.coordinator.institutions import detail_url, institution_or_404
from exchange.partnerships import factsheets, institutions, policy
from exchange.partnerships.models import Institution, InstitutionContact
from exchange.partnerships.record_forms import ContactForm, FactsheetForm
from exchange.web import actor, authorize, button_flow, form_flow, load


def _section_page(template: str, section: str, institution: Institution, form, run, message, **ctx):
    """A form for one section of the institution's page, which it goes back to when saved;
    `message(result)` says what was saved."""
    return form_flow(
        template,
        form,
        run,
        lambda saved: (detail_url(institution, section), message(saved)),
        institution=institution,
        **ctx,
    )


# --- Contacts -------------------------------------------------------------------------------


def _contact_or_404(institution: Institution, contact_id: int) -> InstitutionContact:
    return load(InstitutionContact, contact_id, where=lambda c: c.institution_id == institution.id)


def _contact_page(institution: Institution, form: ContactForm, run, message, contact=None):
    template = "coordinator/institution_contact_form.html"
    return _section_page(template, "contacts", institution, form, run, message, contact=contact)


@bp.route("/institutions/<int:institution_id>/contacts/new", methods=["GET", "POST"])
def contact_create(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_manage_contacts(current_user, institution))
    form = ContactForm()
    return _contact_page(
        institution,
        form,
        lambda: institutions.add_contact(institution, actor=actor(), **form.fields()),
        lambda contact: _("%(name)s was added to the contacts.", name=contact.name),
    )


@bp.route(
    "/institutions/<int:institution_id>/contacts/<int:contact_id>/edit", methods=["GET", "POST"]
)
def contact_edit(institution_id: int, contact_id: int):
    institution = institution_or_404(institution_id)
    contact = _contact_or_404(institution, contact_id)
    authorize(policy.can_manage_contacts(current_user, institution))
    form = ContactForm(obj=contact)
    return _contact_page(
        institution,
        form,
        lambda: institutions.update_contact(contact, actor=actor(), **form.fields()),
        lambda _done: _("Changes to %(name)s were saved.", name=contact.name),
        contact,
    )


@bp.post("/institutions/<int:institution_id>/contacts/<int:contact_id>/delete")
def contact_delete(institution_id: int, contact_id: int):
    institution = institution_or_404(institution_id)
    contact = _contact_or_404(institution, contact_id)
    authorize(policy.can_manage_contacts(current_user, institution))
    return button_flow(
        detail_url(institution, "contacts"),
        lambda: institutions.delete_contact(contact, actor=actor()),
        _("%(name)s was removed from the contacts.", name=contact.name),
    )


# --- A partner's faculties and departments ---------------------------------------------------


def _partner_or_404(institution_id: int) -> Institution:
    """The home institution's tree has its own pages (coordinator.org_unit_*)."""
    return load(Institution, institution_id, where=lambda i: not i.is_home)


def _unit_page(institution: Institution, form: units.OrgUnitForm, run, message, unit=None):
    template = "coordinator/institution_unit_form.html"
    return _section_page(template, "units", institution, form, run, message, unit=unit)


@bp.route("/institutions/<int:institution_id>/units/new", methods=["GET", "POST"])
def partner_unit_create(institution_id: int):
    institution = _partner_or_404(institution_id)
    authorize(units.can_manage_partner_units(current_user, institution))
    form = units.OrgUnitForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "faculty")
        form.parent_id.data = request.args.get("parent", None, type=int)
    form.set_choices(institution_id=institution.id)
    return _unit_page(
        institution,
        form,
        lambda: units.create_org_unit(institution=institution, actor=actor(), **form.fields()),
        lambda unit: _("%(name)s was added.", name=unit.name),
    )


@bp.route("/institutions/<int:institution_id>/units/<int:unit_id>/edit", methods=["GET", "POST"])
def partner_unit_edit(institution_id: int, unit_id: int):
    institution = _partner_or_404(institution_id)
    unit = load(OrgUnit, unit_id, where=lambda u: u.institution_id == institution.id)
    authorize(units.can_manage_partner_units(current_user, institution))
    form = units.OrgUnitForm(obj=unit)
    form.set_choices(current=unit, institution_id=institution.id)
    return _unit_page(
        institution,
        form,
        lambda: units.update_org_unit(unit, actor=actor(), **form.fields()),
        lambda _done: _("Changes to %(name)s were saved.", name=unit.name),
        unit,
    )


# --- Factsheet ------------------------------------------------------------------------------


@bp.route("/institutions/<int:institution_id>/factsheet", methods=["GET", "POST"])
def factsheet_edit(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_edit_factsheet(current_user, institution))
    factsheet = factsheets.factsheet_of(institution)
    form = FactsheetForm(obj=factsheet)
    if request.method == "GET" and factsheet is not None:
        form.load(factsheet)
    return _section_page(
        "coordinator/institution_factsheet.html",
        "factsheet",
        institution,
        form,
        lambda: factsheets.save_factsheet(institution, actor=actor(), **form.fields()),
        lambda _done: _("The factsheet of %(name)s was saved.", name=institution.name),
        factsheet=factsheet,
    )
