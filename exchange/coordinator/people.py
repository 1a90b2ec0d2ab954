"""Coordinators invite faculty and fellow coordinators."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from exchange.accounts import services
from exchange.accounts.forms import InviteForm
from exchange.accounts.models import OrgUnit
from exchange.accounts.policy import can_invite
from exchange.accounts.roles import Role
from exchange.auth.gate import authorize
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.partnerships.models import Institution
from exchange.transactions import commit


def _home_unit_choices():
    units = db.session.scalars(
        select(OrgUnit).join(Institution).where(Institution.is_home).order_by(OrgUnit.name)
    ).all()
    return [(0, _("Choose a unit"))] + [(u.id, u.display_name) for u in units]


@bp.route("/people/invite", methods=["GET", "POST"])
def person_invite():
    authorize(can_invite(current_user))
    form = InviteForm()
    form.org_unit_id.choices = _home_unit_choices()
    if form.validate_on_submit():
        unit = db.session.get(OrgUnit, form.org_unit_id.data)
        if unit is None:
            form.org_unit_id.errors.append(_("Choose the person's faculty or department."))
        else:
            try:
                user = services.invite_user(
                    email=form.email.data,
                    full_name=form.full_name.data,
                    role=Role(form.role.data),
                    org_unit=unit,
                    actor=current_user,
                )
            except services.AccountError as exc:
                db.session.rollback()
                getattr(form, exc.field or "email").errors.append(str(exc))
            else:
                commit()
                flash(_("Invitation sent to %(email)s.", email=user.email), "success")
                return redirect(url_for("coordinator.dashboard"))
    return render_template("coordinator/person_invite.html", form=form)
