"""Sign-in, sign-out, registration, invitations, password reset and the account page.

A form these pages refuse re-renders with 200 (status=200 below), as it always has.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exchange.accounts import services, throttle
from exchange.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from exchange.accounts.models import TokenPurpose, user_by_email
from exchange.accounts.passwords import verify_password
from exchange.accounts.policy import home_endpoint
from exchange.accounts.roles import StudyLevel
from exchange.auth.invite import chosen_home_unit, unit_choices
from exchange.auth.safe_next import safe_next
from exchange.auth.session import client_address, sign_in, sign_out
from exchange.partnerships.queries import home_institution
from exchange.transactions import commit, ping
from exchange.web import actor, attempt, page, saved

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = "The e-mail address or password is not right."


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    return page("auth/index.html", home=home_institution())


def _landing_url(user) -> str:
    """Where to go after signing in: `next` when it is a path on this site, else home."""
    return safe_next(request.args.get("next")) or url_for(home_endpoint(user))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        # Signed in already (another tab, the back button): go where the link wanted to go.
        return redirect(_landing_url(current_user))
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
            return page("auth/login.html", status=429, form=form, throttled=True)
        user = user_by_email(email)
        password_ok = verify_password(user.password_hash if user else None, form.password.data)
        if user is None or not password_ok or not user.is_active:
            throttle.record_failure(email, address, window=window)
            commit()  # the failure counts, though the page only re-renders
            form.password.errors.append(_(WRONG_CREDENTIALS))
            return page("auth/login.html", status=200, form=form)
        throttle.clear_failures(email)
        sign_in(user)
        return saved(_landing_url(user))
    return page("auth/login.html", status=200, form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        sign_out(current_user)
    return saved(url_for("auth.login"), _("You are signed out."), "info")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = RegistrationForm()
    form.org_unit_id.choices = unit_choices(_("Choose your department"))
    if form.validate_on_submit():
        unit = chosen_home_unit(form.org_unit_id, _("Choose your department."))
        if unit is not None:
            with attempt(form) as done:
                user = services.register_student(
                    email=form.email.data,
                    full_name=form.full_name.data,
                    password=form.password.data,
                    student_number=form.student_number.data,
                    org_unit=unit,
                    study_level=StudyLevel(form.study_level.data),
                )
            if done:
                sign_in(user)
                return saved(
                    url_for("student.dashboard"),
                    _("Welcome to Exchange, %(name)s.", name=user.full_name),
                )
    return page("auth/register.html", status=200, form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        commit()  # the page says the mail is on its way, whether or not the address is known
        return page("auth/forgot_password_sent.html", status=200, email=form.email.data)
    return page("auth/forgot_password.html", status=200, form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    row = services.find_valid_token(token, TokenPurpose.RESET)
    if row is None:
        return page("auth/link_invalid.html", status=410, kind="reset")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with attempt(form) as done:
            services.reset_password(row, password=form.password.data)
        if done:
            return saved(
                url_for("auth.login"), _("Your password is changed. Sign in with the new one.")
            )
    return page("auth/reset_password.html", status=200, form=form, user=row.user)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    row = services.find_valid_token(token, TokenPurpose.INVITE)
    if row is None or not row.user.is_active:
        return page("auth/link_invalid.html", status=410, kind="invitation")
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        with attempt(form) as done:
            user = services.accept_invitation(row, password=form.password.data)
        if done:
            if current_user.is_authenticated:
                sign_out(current_user)
            sign_in(user)
            return saved(
                url_for(home_endpoint(user)), _("Your account is ready. Welcome to Exchange.")
            )
    return page("auth/accept_invitation.html", status=200, form=form, user=row.user)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = actor()
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            with attempt(form) as done:
                services.change_password(user, new_password=form.new_password.data)
            if done:
                # Every session ended, this one included; open a fresh one for this browser.
                sign_in(user)
                return saved(
                    url_for("auth.account"),
                    _("Your password is changed. Other devices are signed out."),
                )
    return page("auth/account.html", status=200, form=form)


@bp.get("/healthz")
def healthz():
    try:
        ping()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        abort(503)
    return {"status": "ok"}
