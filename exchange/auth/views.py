"""Sign-in, sign-out, registration, invitations, password reset and the account page."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from exchange.accounts import services, throttle
from exchange.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from exchange.accounts.models import OrgUnit, TokenPurpose, user_by_email
from exchange.accounts.passwords import verify_password
from exchange.accounts.policy import home_endpoint
from exchange.accounts.roles import StudyLevel
from exchange.auth.safe_next import safe_next
from exchange.auth.session import client_address, sign_in, sign_out
from exchange.extensions import db
from exchange.partnerships.models import Institution
from exchange.transactions import commit

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = "The e-mail address or password is not right."


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    home = db.session.scalar(select(Institution).where(Institution.is_home))
    return render_template("auth/index.html", home=home)


def _landing(user):
    """Where to go after signing in: `next` when it is a path on this site, else home."""
    return redirect(safe_next(request.args.get("next")) or url_for(home_endpoint(user)))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        # Signed in already (another tab, the back button): go where the link wanted to go.
        return _landing(current_user)
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
        email, address = form.email.data, client_address()
        if throttle.is_throttled(
            email,
            address,
            window=window,
            per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        ):
            return render_template("auth/login.html", form=form, throttled=True), 429
        user = user_by_email(email)
        password_ok = verify_password(user.password_hash if user else None, form.password.data)
        if user is None or not password_ok or not user.is_active:
            throttle.record_failure(email, address, window=window)
            commit()
            form.password.errors.append(_(WRONG_CREDENTIALS))
            return render_template("auth/login.html", form=form), 200
        throttle.clear_failures(email)
        sign_in(user)
        commit()
        return _landing(user)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        sign_out(current_user)
        commit()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def _department_choices() -> list[tuple[int, str]]:
    units = db.session.scalars(
        select(OrgUnit)
        .join(Institution, OrgUnit.institution_id == Institution.id)
        .where(Institution.is_home)
        .order_by(OrgUnit.name)
    ).all()
    return [(u.id, u.display_name) for u in units]


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = RegistrationForm()
    form.org_unit_id.choices = [(0, _("Choose your department"))] + _department_choices()
    if form.validate_on_submit():
        unit = db.session.get(OrgUnit, form.org_unit_id.data)
        if unit is None or not unit.institution.is_home:
            form.org_unit_id.errors.append(_("Choose your department."))
        else:
            try:
                user = services.register_student(
                    email=form.email.data,
                    full_name=form.full_name.data,
                    password=form.password.data,
                    student_number=form.student_number.data,
                    org_unit=unit,
                    study_level=StudyLevel(form.study_level.data),
                )
            except services.AccountError as exc:
                db.session.rollback()
                getattr(form, exc.field or "email").errors.append(str(exc))
            else:
                sign_in(user)
                commit()
                flash(_("Welcome to Exchange, %(name)s.", name=user.full_name), "success")
                return redirect(url_for("student.dashboard"))
    return render_template("auth/register.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        commit()
        return render_template("auth/forgot_password_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    row = services.find_valid_token(token, TokenPurpose.RESET)
    if row is None:
        return render_template("auth/link_invalid.html", kind="reset"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(row, password=form.password.data)
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            commit()
            flash(_("Your password is changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=row.user)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    row = services.find_valid_token(token, TokenPurpose.INVITE)
    if row is None or not row.user.is_active:
        return render_template("auth/link_invalid.html", kind="invitation"), 410
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(row, password=form.password.data)
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            if current_user.is_authenticated:
                sign_out(current_user)
            sign_in(user)
            commit()
            flash(_("Your account is ready. Welcome to Exchange."), "success")
            return redirect(url_for(home_endpoint(user)))
    return render_template("auth/accept_invitation.html", form=form, user=row.user)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            try:
                services.change_password(user, new_password=form.new_password.data)
            except services.AccountError as exc:
                form.new_password.errors.append(str(exc))
            else:
                # Every session ended, this one included; open a fresh one for this browser.
                sign_in(user)
                commit()
                flash(_("Your password is changed. Other devices are signed out."), "success")
                return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(select(1))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        abort(503)
    return {"status": "ok"}
