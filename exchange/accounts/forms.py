"""Forms for accounts: sign-in, registration, invitations, passwords, roles and profiles."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from exchange.accounts.passwords import MIN_LENGTH, password_problem
from exchange.accounts.roles import Role, StudyLevel
from exchange.accounts.services import gpa_problem
from exchange.forms import MultiCheckboxField


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, like name@example.edu."),
                  check_deliverability=False),
            Length(max=254),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )  # fmt: skip


class NewPasswordMixin:
    """A new password typed twice and checked against the password rules."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a password.")), Length(max=200)],
        description=_l("At least %(n)d characters; a phrase of a few words works well.",
                       n=MIN_LENGTH),
    )  # fmt: skip
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(_l("Repeat the password.")),
                    EqualTo("password", _l("The two passwords differ."))],
    )  # fmt: skip

    def validate_password(self, field):
        email = getattr(getattr(self, "email", None), "data", None) or ""
        name = getattr(getattr(self, "full_name", None), "data", None) or ""
        problem = password_problem(field.data or "", email=email, name=name)
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class RegistrationForm(NewPasswordMixin, FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your full name.")), Length(max=200)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    email = _email_field(_l("University e-mail address"))
    student_number = StringField(
        _l("Student number"),
        validators=[
            DataRequired(_l("Enter your student number.")),
            Length(max=40),
            Regexp(r"^[A-Za-z0-9\-/]+$", message=_l("Use letters, digits, - or / only.")),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    org_unit_id = SelectField(
        _l("Department"),
        coerce=int,
        validators=[InputRequired(_l("Choose your department."))],
    )
    study_level = SelectField(
        _l("Study level"),
        choices=StudyLevel.choices(),
        validators=[InputRequired(_l("Choose your study level."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a new password.")), Length(max=200)],
        description=_l("At least %(n)d characters.", n=MIN_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(_l("Repeat the new password.")),
                    EqualTo("new_password", _l("The two passwords differ."))],
    )  # fmt: skip


class InviteForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    email = _email_field()
    role = SelectField(
        _l("Role"),
        choices=[(Role.FACULTY.value, Role.FACULTY.label),
                 (Role.COORDINATOR.value, Role.COORDINATOR.label)],
        validators=[InputRequired()],
    )  # fmt: skip
    org_unit_id = SelectField(
        _l("Org unit"),
        coerce=int,
        validators=[InputRequired(_l("Choose the person's faculty or department."))],
    )


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), choices=Role.choices())
    scope_unit_ids = MultiCheckboxField(
        _l("Coordinator scope"),
        coerce=int,
        description=_l("Leave empty for a university-wide coordinator."),
    )

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one role."))


class GpaField(DecimalField):
    """A GPA typed as a number; the scale's upper end is checked by the form."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter the GPA as a number, like 3.45.")) from exc

    @property
    def description(self):
        return _l("From 0 to %(max).2f.", max=current_app.config["GPA_SCALE_MAX"])

    @description.setter
    def description(self, value):
        pass


class ProfileForm(FlaskForm):
    """Fields an admin may correct on any account."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter a name.")), Length(max=200)]
    )
    org_unit_id = SelectField(_l("Org unit"), coerce=int, validators=[Optional()])
    student_number = StringField(
        _l("Student number"),
        validators=[Optional(), Length(max=40),
                    Regexp(r"^[A-Za-z0-9\-/]+$", message=_l("Use letters, digits, - or / only."))],
    )  # fmt: skip
    study_level = SelectField(
        _l("Study level"), choices=[("", "—")] + StudyLevel.choices(), validators=[Optional()]
    )
    gpa = GpaField(_l("GPA"), places=2, validators=[Optional()])

    def validate_gpa(self, field):
        problem = gpa_problem(field.data)
        if problem:
            raise ValidationError(problem)


class DeactivateForm(FlaskForm):
    reason = TextAreaField(_l("Reason (kept in the audit trail)"), validators=[Length(max=500)])
    confirm = BooleanField(
        _l("I understand that this person is signed out everywhere and cannot sign in."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class ConfirmForm(FlaskForm):
    """An empty form that carries only the CSRF token, for buttons that change state."""
