"""Coordinators invite faculty and fellow coordinators."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.policy import can_invite
from exchange.auth.invite import invite_form, invite_from_form
from exchange.coordinator import bp
from exchange.web import actor, authorize, page


@bp.route("/people/invite", methods=["GET", "POST"])
def person_invite():
    authorize(can_invite(current_user))
    form = invite_form()
    user = invite_from_form(form, actor=actor())  # commits when it invites (admin's view too)
    if user is not None:
        flash(_("Invitation sent to %(email)s.", email=user.email), "success")
        return redirect(url_for("coordinator.dashboard"))
    # The account forms re-render with 200 when refused, as they always have.
    return page("coordinator/person_invite.html", status=200, form=form)
