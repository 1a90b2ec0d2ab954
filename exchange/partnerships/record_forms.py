"""Forms for a partner's contacts and factsheet, and an agreement's signatories and document."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from exchange.forms import MultiCheckboxField, optional_int, strip
from exchange.partnerships import factsheets, institutions, services
from exchange.partnerships.kinds import MONTH_NAMES, Side
from exchange.reference import language_choices


class ContactForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the contact's name.")), Length(max=200)],
        filters=[strip],
    )
    role = StringField(
        _l("Role or function"),
        validators=[Optional(), Length(max=120)],
        filters=[strip],
        description=_l("e.g. Incoming mobility coordinator, Housing office"),
    )
    email = EmailField(
        _l("E-mail address"), validators=[Optional(), Length(max=254)], filters=[strip]
    )
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=40)],
        filters=[strip],
        description=_l("With the country code, e.g. +44 1223 337733."),
    )
    note = TextAreaField(
        _l("Note (optional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )

    def validate_email(self, field):
        if field.data and institutions.normalise_email(field.data) is None:
            raise ValidationError(_l("Enter a valid e-mail address, like name@example.edu."))

    def validate_phone(self, field):
        if field.data and not institutions.valid_phone(field.data):
            raise ValidationError(
                _l(
                    "Write the phone number with digits, spaces, +, - and brackets only, "
                    "e.g. +44 1223 337733."
                )
            )

    def fields(self) -> dict:
        return {n: getattr(self, n).data for n in ("name", "role", "email", "phone", "note")}


def _day_choices():
    return [("", _l("Day"))] + [(d, str(d)) for d in range(1, 32)]


def _month_choices():
    return [("", _l("Month"))] + [(m, name) for m, name in enumerate(MONTH_NAMES, 1)]


class FactsheetForm(FlaskForm):
    website = StringField(
        _l("Factsheet web page"),
        validators=[Optional(), Length(max=255)],
        filters=[strip],
        description=_l("Where the partner publishes its information for incoming students."),
    )
    languages = MultiCheckboxField(
        _l("Languages of instruction"), choices=language_choices(), validate_choice=False
    )
    housing = TextAreaField(_l("Housing"), validators=[Optional(), Length(max=5000)])
    visa = TextAreaField(_l("Visa"), validators=[Optional(), Length(max=5000)])
    insurance = TextAreaField(_l("Insurance"), validators=[Optional(), Length(max=5000)])
    accessibility = TextAreaField(
        _l("Accessibility and support"), validators=[Optional(), Length(max=5000)]
    )

    def validate_website(self, field):
        if field.data and not services.valid_website(field.data):
            raise ValidationError(_l("Enter a web address starting with http:// or https://."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for key, _semester, _kind in factsheets.DEADLINE_KEYS:
            day, month = getattr(self, f"{key}_day"), getattr(self, f"{key}_month")
            if day.errors or month.errors:
                continue
            problem = factsheets.deadline_problem(day.data, month.data)
            if problem:
                message, part = problem
                target = day if part == "day" else month
                target.errors = [*target.errors, str(message)]
                ok = False
        return ok

    def deadline_pairs(self):
        """(semester, kind, day field, month field) in reading order, for the template."""
        return [
            (semester, kind, getattr(self, f"{key}_day"), getattr(self, f"{key}_month"))
            for key, semester, kind in factsheets.DEADLINE_KEYS
        ]

    def fields(self) -> dict:
        data = {n: getattr(self, n).data for n in factsheets.FACTSHEET_FIELDS}
        data["deadlines"] = {
            key: (getattr(self, f"{key}_day").data, getattr(self, f"{key}_month").data)
            for key, _s, _k in factsheets.DEADLINE_KEYS
        }
        return data

    def load(self, factsheet) -> None:
        """Fill the deadline selects from a saved factsheet (the other fields load by obj=)."""
        for key, semester, kind in factsheets.DEADLINE_KEYS:
            deadline = factsheet.deadline(semester, kind)
            if deadline is not None:
                getattr(self, f"{key}_day").data = deadline.day
                getattr(self, f"{key}_month").data = deadline.month


for _key, _semester, _kind in factsheets.DEADLINE_KEYS:
    # Lazy labels: "First semester: Nomination deadline, day", translated when rendered.
    _names = {"semester": _semester._label, "kind": _kind._label}
    setattr(
        FactsheetForm,
        f"{_key}_day",
        SelectField(
            _l("%(semester)s: %(kind)s, day", **_names),
            choices=_day_choices(),
            coerce=optional_int,
            validate_choice=False,
            validators=[Optional()],
        ),
    )
    setattr(
        FactsheetForm,
        f"{_key}_month",
        SelectField(
            _l("%(semester)s: %(kind)s, month", **_names),
            choices=_month_choices(),
            coerce=optional_int,
            validate_choice=False,
            validators=[Optional()],
        ),
    )


class SignatoryForm(FlaskForm):
    side = SelectField(
        _l("Signs for"),
        choices=Side.choices(),
        validators=[InputRequired(_l("Choose the side the person signs for."))],
    )
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the signatory's name.")), Length(max=200)],
        filters=[strip],
    )
    position = StringField(
        _l("Position"),
        validators=[
            DataRequired(
                _l("Enter the signatory's position, e.g. Vice-President for International Affairs.")
            ),
            Length(max=200),
        ],
        filters=[strip],
    )
    signed_on = DateField(
        _l("Signed on"),
        validators=[Optional()],
        description=_l("Leave empty until this person has signed."),
    )

    def fields(self) -> dict:
        return {n: getattr(self, n).data for n in ("side", "name", "position", "signed_on")}


class DocumentForm(FlaskForm):
    document = FileField(
        _l("Signed agreement (PDF)"),
        validators=[FileRequired(_l("Choose the PDF file of the signed agreement."))],
        render_kw={"accept": "application/pdf,.pdf"},
    )
