"""Partner institutions (and the home one): search, create, edit, detail, archive."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from exchange.accounts.org_units import (
    can_manage_org_units,
    can_manage_partner_units,
    institution_units,
    kind_label,
)
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.partnerships import institutions as records
from exchange.partnerships import policy, queries, services
from exchange.partnerships.factsheets import DEADLINE_KEYS, factsheet_of
from exchange.partnerships.forms import InstitutionForm
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.policy import can_manage_institutions
from exchange.partnerships.states import FINAL
from exchange.reference import COUNTRIES
from exchange.transactions import commit
from exchange.web import authorize


def institution_or_404(institution_id: int) -> Institution:
    institution = db.session.get(Institution, institution_id)
    if institution is None:
        abort(404)
    return institution


@bp.get("/institutions")
def institution_list():
    authorize(can_manage_institutions(current_user))
    search = request.args.get("q", "").strip()
    country = request.args.get("country", "").strip().upper()
    country = country if country in COUNTRIES else ""
    archived = request.args.get("archived") == "1"
    page = db.paginate(
        queries.institutions_query(search, country=country, archived=archived),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    counts = queries.count_partnerships_by_partner(i.id for i in page.items)
    return render_template(
        "coordinator/institution_list.html",
        page=page,
        search=search,
        filters={"q": search, "country": country, "archived": archived},
        countries=queries.institution_countries(),
        counts=counts,
        can_manage_units=can_manage_org_units(current_user),
    )


@bp.route("/institutions/new", methods=["GET", "POST"])
def institution_create():
    authorize(can_manage_institutions(current_user))
    form = InstitutionForm()
    if form.validate_on_submit():
        try:
            institution = services.create_institution(actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("%(name)s was added.", name=institution.name), "success")
            return redirect(
                url_for("coordinator.institution_detail", institution_id=institution.id)
            )
    status = 422 if request.method == "POST" else 200
    return render_template("coordinator/institution_create.html", form=form), status


@bp.get("/institutions/<int:institution_id>")
def institution_detail(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(can_manage_institutions(current_user))
    partnerships = db.session.scalars(
        select(Partnership)
        .where(Partnership.partner_id == institution.id)
        .order_by(Partnership.first_year.desc(), Partnership.title)
    ).all()
    return render_template(
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
    if form.validate_on_submit():
        try:
            services.update_institution(institution, actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("Changes to %(name)s were saved.", name=institution.name), "success")
            return redirect(
                url_for("coordinator.institution_detail", institution_id=institution.id)
            )
    status = 422 if request.method == "POST" else 200
    return render_template(
        "coordinator/institution_edit.html", form=form, institution=institution
    ), status


@bp.post("/institutions/<int:institution_id>/archive")
def institution_archive(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_archive_institution(current_user, institution))
    try:
        records.archive_institution(institution, actor=current_user)
    except services.PartnershipError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        commit()
        flash(
            _(
                "%(name)s was archived. It no longer appears in lists or in the form for new "
                "agreements; its agreements and history stay.",
                name=institution.name,
            ),
            "success",
        )
    return redirect(url_for("coordinator.institution_detail", institution_id=institution.id))


@bp.post("/institutions/<int:institution_id>/unarchive")
def institution_unarchive(institution_id: int):
    institution = institution_or_404(institution_id)
    authorize(policy.can_unarchive_institution(current_user, institution))
    try:
        records.unarchive_institution(institution, actor=current_user)
    except services.PartnershipError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        commit()
        flash(_("%(name)s is a current partner again.", name=institution.name), "success")
    return redirect(url_for("coordinator.institution_detail", institution_id=institution.id))
