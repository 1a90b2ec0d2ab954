"""Partner institutions (and the home one): search, create, edit, detail."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from exchange.accounts.models import OrgUnit
from exchange.accounts.org_units import can_manage_org_units, kind_label
from exchange.auth.gate import authorize
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.partnerships import queries, services
from exchange.partnerships.forms import InstitutionForm, attach_error
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.policy import can_manage_institutions
from exchange.transactions import commit


def _institution_or_404(institution_id: int) -> Institution:
    institution = db.session.get(Institution, institution_id)
    if institution is None:
        abort(404)
    return institution


@bp.get("/institutions")
def institution_list():
    authorize(can_manage_institutions(current_user))
    search = request.args.get("q", "").strip()
    page = db.paginate(
        queries.institutions_query(search),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    counts = queries.count_partnerships_by_partner(i.id for i in page.items)
    return render_template(
        "coordinator/institution_list.html",
        page=page,
        search=search,
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
    institution = _institution_or_404(institution_id)
    authorize(can_manage_institutions(current_user))
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.institution_id == institution.id).order_by(OrgUnit.name)
    ).all()
    partnerships = db.session.scalars(
        select(Partnership)
        .where(Partnership.partner_id == institution.id)
        .order_by(Partnership.first_year.desc(), Partnership.title)
    ).all()
    return render_template(
        "coordinator/institution_detail.html",
        institution=institution,
        units=units,
        partnerships=partnerships,
        kind_label=kind_label,
    )


@bp.route("/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
def institution_edit(institution_id: int):
    institution = _institution_or_404(institution_id)
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
