"""Accounts: the list, one person's page, profile and role changes, (de)activation, invites."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts import policy, services
from exchange.accounts.forms import ConfirmForm, DeactivateForm, ProfileForm, RolesForm
from exchange.accounts.models import User
from exchange.accounts.org_units import home_units
from exchange.accounts.queries import account_trail, units_by_ids, users_query
from exchange.accounts.roles import Role
from exchange.accounts.sessions import active_session_count
from exchange.admin import bp
from exchange.admin.forms import UserFilterForm
from exchange.auth.invite import invite_form, invite_from_form, unit_choices
from exchange.web import actor, authorize, button_flow, form_flow, load, page, paginate

AUDIT_ON_DETAIL = 20


def _user(user_id: int) -> User:
    return load(User, user_id)


def _detail_url(user: User) -> str:
    return url_for("admin.user_detail", user_id=user.id)


@bp.get("/users")
def user_list():
    authorize(policy.can_manage_users(current_user))
    filters = UserFilterForm(request.args).clean()
    status = filters.status.data
    query = users_query(
        search=filters.q.data,
        role=Role(filters.role.data) if filters.role.data else None,
        active={"active": True, "inactive": False}.get(status),
    )
    filtered = bool(filters.q.data or filters.role.data or status)
    return page(
        "admin/user_list.html",
        page=paginate(query, max_per_page=100),
        filters=filters,
        filtered=filtered,
    )


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    authorize(policy.can_manage_users(current_user))
    user = _user(user_id)
    config = current_app.config
    sessions = active_session_count(
        user, idle=config["SESSION_IDLE_TIMEOUT"], absolute=config["SESSION_ABSOLUTE_TIMEOUT"]
    )
    return page(
        "admin/user_detail.html",
        user=user,
        scope_units=units_by_ids(user.scope_unit_ids),
        sessions=sessions,
        trail=account_trail(user, AUDIT_ON_DETAIL),
        confirm_form=ConfirmForm(),
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = _user(user_id)
    authorize(policy.can_edit_profile(current_user, user))
    form = ProfileForm(obj=user)
    form.org_unit_id.choices = unit_choices(_("No unit"))
    if request.method == "GET":
        form.org_unit_id.data = user.org_unit_id or 0
        form.study_level.data = user.study_level or ""
    # A refused account form re-renders with 200, as it always has.
    return form_flow(
        "admin/user_edit.html",
        form,
        lambda: services.update_profile(
            user,
            actor=actor(),
            full_name=form.full_name.data,
            org_unit_id=form.org_unit_id.data or None,
            student_number=form.student_number.data or None,
            study_level=form.study_level.data or None,
            gpa=form.gpa.data,
        ),
        lambda _done: (
            _detail_url(user),
            _("The profile of %(name)s is saved.", name=user.full_name),
        ),
        status=200,
        user=user,
    )


@bp.route("/users/<int:user_id>/roles", methods=["GET", "POST"])
def user_roles(user_id: int):
    user = _user(user_id)
    authorize(policy.can_change_roles(current_user, user))
    form = RolesForm()
    form.scope_unit_ids.choices = [(u.id, u.display_name) for u in home_units()]
    if request.method == "GET":
        form.roles.data = [r.value for r in user.sorted_roles]
        form.scope_unit_ids.data = sorted(user.scope_unit_ids)
    # A refused account form re-renders with 200, as it always has.
    return form_flow(
        "admin/user_roles.html",
        form,
        lambda: services.set_roles(
            user, form.roles.data, actor=actor(), scope_units=units_by_ids(form.scope_unit_ids.data)
        ),
        lambda _done: (
            _detail_url(user),
            _("The roles of %(name)s are saved.", name=user.full_name),
        ),
        status=200,
        user=user,
    )


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def user_deactivate(user_id: int):
    user = _user(user_id)
    authorize(policy.can_deactivate(current_user, user))
    form = DeactivateForm()
    # A refused account form re-renders with 200, as it always has.
    return form_flow(
        "admin/user_deactivate.html",
        form,
        lambda: services.deactivate_user(
            user, actor=actor(), reason=(form.reason.data or "").strip() or None
        ),
        lambda _done: (
            _detail_url(user),
            _("%(name)s is deactivated and signed out everywhere.", name=user.full_name),
        ),
        status=200,
        user=user,
    )


@bp.post("/users/<int:user_id>/reactivate")
def user_reactivate(user_id: int):
    user = _user(user_id)
    authorize(policy.can_reactivate(current_user, user))
    if not ConfirmForm().validate_on_submit():
        return redirect(_detail_url(user))
    return button_flow(
        _detail_url(user),
        lambda: services.reactivate_user(user, actor=actor()),
        _("%(name)s can sign in again.", name=user.full_name),
    )


@bp.route("/users/invite", methods=["GET", "POST"])
def user_invite():
    authorize(policy.can_invite(current_user))
    form = invite_form()
    user = invite_from_form(form, actor=actor())
    if user is not None:
        # invite_from_form committed: the coordinator's invite page shares it.
        flash(_("Invitation sent to %(email)s.", email=user.email), "success")
        return redirect(_detail_url(user))
    return page("admin/user_invite.html", status=200, form=form)
