"""Coordinators invite faculty and fellow coordinators."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.policy import can_invite
from exchange.auth.invite import invite_form, invite_from_form
from exchange.coordinator import bp
from exchange.web import authorize


@bp.route("/people/invite", methods=["GET", "POST"])
def person_invite():
    authorize(can_invite(current_user))
    form = invite_form()
    user = invite_from_form(form, actor=current_user._get_current_object())
    if user is not None:
        flash(_("Invitation sent to %(email)s.", email=user.email), "success")
        return redirect(url_for("coordinator.dashboard"))
    return render_template("coordinator/person_invite.html", form=form)
