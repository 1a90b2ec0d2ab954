"""Partner institutions (and the home one): search, create, edit, detail, archive."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.org_units import (
    can_manage_org_units,
    can_manage_partner_units,
    institution_units,
    kind_label,
)
from exchange.coordinator import bp
from exchange.partnerships import institutions as records
from exchange.partnerships import policy, queries, services
from exchange.partnerships.factsheets import DEADLINE_KEYS, factsheet_of
from exchange.partnerships.forms import InstitutionForm
from exchange.partnerships.models import Institution
from exchange.partnerships.policy import can_manage_institutions
from exchange.partnerships.states import FINAL
from exchange.reference import COUNTRIES
from exchange.web import actor, authorize, button_flow, form_flow, load, page, paginate


def institution_or_404(institution_id: int) -> Institution:
    return load(Institution, institution_id)


def detail_url(institution: Institution, anchor: str | None = None) -> str:
    """The institution's page, at one of its sections (contacts, units, factsheet)."""
    return url_for("coordinator.institution_detail", institution_id=institution.id, _anchor=anchor)


@bp.get("/institutions")
def institution_list():
    authorize(can_manage_institutions(current_user))
    search = request.args.get("q", "").strip()
    country = request.args.get("country", "").strip().upper()
    country = country if country in COUNTRIES else ""
    archived = request.args.get("archived") == "1"
    institutions = paginate(queries.institutions_query(search, country=country, archived=archived))
    return page(
        "coordinator/institution_list.html",
        page=institutions,
        search=search,
        filters={"q": search, "country": country, "archived": archived},
        countries=queries.institution_countries(),
        counts=queries.count_partnerships_by_partner(i.id for i in institutions.items),
        can_manage_units=can_manage_org_units(current_user),
    )


@bp.route("/institutions/new", methods=["GET", "POST"])
def institution_create():
    authorize(can_manage_institutions(current_user))
    form = InstitutionForm()
    return form_flow(
        "coordinator/institution_create.html",
        form,
        lambda: services.create_institution(actor=actor(), **form.fields()),
        lambda institution: (
            detail_url(institution),
            _("%(name)s was added.", name=institution.name),
        ),
    )


@bp.get("/institutions/<int:institution_id>")
def institution_detail(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(can_manage_institutions(current_user))
    partnerships = queries.partnerships_of_partner(institution.id)
    return page(
        "coordinator/institution_detail.html",
        institution=institution,
        units=institution_units(institution.id),
        partnerships=partnerships,
        contacts=records.contacts_of(institution),
        factsheet=factsheet_of(institution),
        deadline_keys=DEADLINE_KEYS,
        has_open_agreements=any(p.state not in FINAL for p in partnerships),
        can_archive=policy.can_archive_institution(current_user, institution),
        can_unarchive=policy.can_unarchive_institution(current_user, institution),
        can_manage_units=can_manage_partner_units(current_user, institution),
        kind_label=kind_label,
    )


@bp.route("/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
def institution_edit(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(can_manage_institutions(current_user))
    form = InstitutionForm(obj=institution)
    return form_flow(
        "coordinator/institution_edit.html",
        form,
        lambda: services.update_institution(institution, actor=actor(), **form.fields()),
        lambda _done: (
            detail_url(institution),
            _("Changes to %(name)s were saved.", name=institution.name),
        ),
        institution=institution,
    )


@bp.post("/institutions/<int:institution_id>/archive")
def institution_archive(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_archive_institution(current_user, institution))
    return button_flow(
        detail_url(institution),
        lambda: records.archive_institution(institution, actor=actor()),
        _(
            "%(name)s was archived. It no longer appears in lists or in the form for new "
            "agreements; its agreements and history stay.",
            name=institution.name,
        ),
    )


@bp.post("/institutions/<int:institution_id>/unarchive")
def institution_unarchive(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_unarchive_institution(current_user, institution))
    return button_flow(
        detail_url(institution),
        lambda: records.unarchive_institution(institution, actor=actor()),
        _("%(name)s is a current partner again.", name=institution.name),
    )
