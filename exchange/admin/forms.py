"""Filter forms of the admin lists; they read the query string and carry no CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from exchange.accounts.roles import Role
from exchange.notifications.models import OutboxState


class _FilterForm(FlaskForm):
    class Meta:
        csrf = False

    def clean(self) -> _FilterForm:
        """Validate once the choices are set; a bad value in a URL is ignored, not an error."""
        self.validate()
        for field in self:
            if field.errors:
                field.data = field.default
                field.errors = []
        return self


class UserFilterForm(_FilterForm):
    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Role"), choices=[("", _l("Any role"))] + Role.choices(), default="",
        validators=[Optional()],
    )  # fmt: skip
    status = SelectField(
        _l("Status"),
        choices=[("", _l("Active and inactive")), ("active", _l("Active")),
                 ("inactive", _l("Deactivated"))],
        default="", validators=[Optional()],
    )  # fmt: skip


class AuditFilterForm(_FilterForm):
    action = SelectField(_l("Action"), default="", validators=[Optional()])
    object_type = SelectField(_l("Object type"), default="", validators=[Optional()])
    actor = StringField(_l("Actor (name or e-mail)"), validators=[Optional(), Length(max=200)])


class OutboxFilterForm(_FilterForm):
    state = SelectField(
        _l("State"), choices=[("", _l("All messages"))] + OutboxState.choices(), default="",
        validators=[Optional()],
    )  # fmt: skip
