"""The invitation form's handling, shared by the coordinator and admin areas."""

from __future__ import annotations

from flask_babel import gettext as _

from exchange.accounts import services
from exchange.accounts.forms import InviteForm
from exchange.accounts.models import OrgUnit, User
from exchange.accounts.org_units import home_units
from exchange.accounts.policy import can_invite
from exchange.accounts.queries import home_unit
from exchange.accounts.roles import Role
from exchange.transactions import commit
from exchange.web import attempt, authorize


def unit_choices(none_label: str) -> list[tuple[int, str]]:
    """The home institution's units for a select, after a first choice meaning none."""
    return [(0, none_label)] + [(u.id, u.display_name) for u in home_units()]


def chosen_home_unit(field, message: str) -> OrgUnit | None:
    """The home unit a select names, or None with `message` beside the field."""
    unit = home_unit(field.data)
    if unit is None:
        field.errors.append(message)
    return unit


def invite_form() -> InviteForm:
    form = InviteForm()
    form.org_unit_id.choices = unit_choices(_("Choose a unit"))
    return form


def invite_from_form(form: InviteForm, *, actor: User) -> User | None:
    """Invite the person the posted form describes and commit; None leaves errors on the form."""
    if not form.validate_on_submit():
        return None
    role = Role(form.role.data)
    authorize(can_invite(actor, role))
    unit = chosen_home_unit(form.org_unit_id, _("Choose the person's faculty or department."))
    if unit is None:
        return None
    with attempt(form) as done:
        user = services.invite_user(
            email=form.email.data,
            full_name=form.full_name.data,
            role=role,
            org_unit=unit,
            actor=actor,
        )
    if not done:
        return None
    commit()  # here, not in the two views that use it (admin and coordinator)
    return user
