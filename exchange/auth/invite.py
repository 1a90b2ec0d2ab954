"""The invitation form's handling, shared by the coordinator and admin areas."""

from __future__ import annotations

from flask_babel import gettext as _

from exchange.accounts import services
from exchange.accounts.forms import InviteForm
from exchange.accounts.models import OrgUnit, User
from exchange.accounts.policy import can_invite
from exchange.accounts.queries import home_org_units
from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.transactions import commit
from exchange.web import authorize


def invite_form() -> InviteForm:
    form = InviteForm()
    form.org_unit_id.choices = [(0, _("Choose a unit"))] + [
        (u.id, u.display_name) for u in home_org_units()
    ]
    return form


def invite_from_form(form: InviteForm, *, actor: User) -> User | None:
    """Invite the person the posted form describes and commit; None leaves errors on the form."""
    if not form.validate_on_submit():
        return None
    role = Role(form.role.data)
    authorize(can_invite(actor, role))
    unit = db.session.get(OrgUnit, form.org_unit_id.data)
    if unit is None or not unit.institution.is_home:
        form.org_unit_id.errors.append(_("Choose the person's faculty or department."))
        return None
    try:
        user = services.invite_user(
            email=form.email.data,
            full_name=form.full_name.data,
            role=role,
            org_unit=unit,
            actor=actor,
        )
    except services.AccountError as exc:
        db.session.rollback()
        getattr(form, exc.field or "email").errors.append(str(exc))
        return None
    commit()
    return user
