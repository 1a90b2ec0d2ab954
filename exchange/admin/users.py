"""Accounts: the list, one person's page, profile and role changes, (de)activation, invites."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, or_, select

from exchange.accounts import policy, services
from exchange.accounts.forms import ConfirmForm, DeactivateForm, ProfileForm, RolesForm
from exchange.accounts.models import OrgUnit, User
from exchange.accounts.queries import home_org_units, users_query
from exchange.accounts.roles import Role
from exchange.accounts.sessions import active_session_count
from exchange.admin import bp
from exchange.admin.forms import UserFilterForm
from exchange.audit import AuditEvent
from exchange.auth.invite import invite_form, invite_from_form
from exchange.extensions import db
from exchange.transactions import commit
from exchange.web import authorize

AUDIT_ON_DETAIL = 20


def _me() -> User:
    return current_user._get_current_object()


def _field_error(form, exc: services.AccountError, default: str) -> None:
    field = getattr(form, exc.field or default, None) or getattr(form, default)
    field.errors = [*field.errors, str(exc)]


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
    page = db.paginate(
        query, per_page=current_app.config["PAGE_SIZE"], error_out=False, max_per_page=100
    )
    filtered = bool(filters.q.data or filters.role.data or status)
    return render_template("admin/user_list.html", page=page, filters=filters, filtered=filtered)


def _trail(user: User) -> list[AuditEvent]:
    """Changes made to this account and by this person, newest first."""
    return db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                and_(AuditEvent.object_type == User.__tablename__, AuditEvent.object_id == user.id),
                AuditEvent.actor_id == user.id,
            )
        )
        .order_by(AuditEvent.id.desc())
        .limit(AUDIT_ON_DETAIL)
    ).all()


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    authorize(policy.can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    scope_units = (
        db.session.scalars(
            select(OrgUnit).where(OrgUnit.id.in_(user.scope_unit_ids)).order_by(OrgUnit.name)
        ).all()
        if user.scope_unit_ids
        else []
    )
    config = current_app.config
    sessions = active_session_count(
        user, idle=config["SESSION_IDLE_TIMEOUT"], absolute=config["SESSION_ABSOLUTE_TIMEOUT"]
    )
    return render_template(
        "admin/user_detail.html",
        user=user,
        scope_units=scope_units,
        sessions=sessions,
        trail=_trail(user),
        confirm_form=ConfirmForm(),
    )


def _unit_choices(none_label: str) -> list[tuple[int, str]]:
    return [(0, none_label)] + [(u.id, u.display_name) for u in home_org_units()]


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    authorize(policy.can_edit_profile(current_user, user))
    form = ProfileForm(obj=user)
    form.org_unit_id.choices = _unit_choices(_("No unit"))
    if request.method == "GET":
        form.org_unit_id.data = user.org_unit_id or 0
        form.study_level.data = user.study_level or ""
    if form.validate_on_submit():
        try:
            services.update_profile(
                user,
                actor=_me(),
                full_name=form.full_name.data,
                org_unit_id=form.org_unit_id.data or None,
                student_number=form.student_number.data or None,
                study_level=form.study_level.data or None,
                gpa=form.gpa.data,
            )
        except services.AccountError as exc:
            db.session.rollback()
            _field_error(form, exc, "full_name")
        else:
            commit()
            flash(_("The profile of %(name)s is saved.", name=user.full_name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_edit.html", user=user, form=form)


@bp.route("/users/<int:user_id>/roles", methods=["GET", "POST"])
def user_roles(user_id: int):
    user = db.get_or_404(User, user_id)
    authorize(policy.can_change_roles(current_user, user))
    form = RolesForm()
    form.scope_unit_ids.choices = [(u.id, u.display_name) for u in home_org_units()]
    if request.method == "GET":
        form.roles.data = [r.value for r in user.sorted_roles]
        form.scope_unit_ids.data = sorted(user.scope_unit_ids)
    if form.validate_on_submit():
        units = [db.session.get(OrgUnit, i) for i in form.scope_unit_ids.data]
        try:
            services.set_roles(
                user, form.roles.data, scope_units=[u for u in units if u], actor=_me()
            )
        except services.AccountError as exc:
            db.session.rollback()
            _field_error(form, exc, "roles")
        else:
            commit()
            flash(_("The roles of %(name)s are saved.", name=user.full_name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_roles.html", user=user, form=form)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def user_deactivate(user_id: int):
    user = db.get_or_404(User, user_id)
    authorize(policy.can_deactivate(current_user, user))
    form = DeactivateForm()
    if form.validate_on_submit():
        try:
            services.deactivate_user(
                user, actor=_me(), reason=(form.reason.data or "").strip() or None
            )
        except services.AccountError as exc:
            db.session.rollback()
            _field_error(form, exc, "confirm")
        else:
            commit()
            flash(
                _("%(name)s is deactivated and signed out everywhere.", name=user.full_name),
                "success",
            )
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_deactivate.html", user=user, form=form)


@bp.post("/users/<int:user_id>/reactivate")
def user_reactivate(user_id: int):
    user = db.get_or_404(User, user_id)
    authorize(policy.can_reactivate(current_user, user))
    if ConfirmForm().validate_on_submit():
        services.reactivate_user(user, actor=_me())
        commit()
        flash(_("%(name)s can sign in again.", name=user.full_name), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/invite", methods=["GET", "POST"])
def user_invite():
    authorize(policy.can_invite(current_user))
    form = invite_form()
    user = invite_from_form(form, actor=_me())
    if user is not None:
        flash(_("Invitation sent to %(email)s.", email=user.email), "success")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_invite.html", form=form)
