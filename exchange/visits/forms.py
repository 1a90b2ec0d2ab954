"""The visit proposal form, the report form and the decision forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from exchange.visits.states import DocumentKind, VisitType


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _money(label):
    return DecimalField(
        label,
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("Enter an amount of zero or more."))],
        render_kw={"inputmode": "decimal"},
    )


class VisitForm(FlaskForm):
    partnership_id = SelectField(
        _l("Agreement"),
        coerce=_optional_int,
        validate_choice=False,  # the service explains a wrong agreement beside the field
        validators=[InputRequired(_l("Choose the agreement the visit goes under."))],
        description=_l("Active agreements of your unit with staff mobility; days left are "
                       "listed beside the form."),
    )  # fmt: skip
    visit_type = SelectField(
        _l("Kind of visit"),
        choices=VisitType.choices(),
        validators=[InputRequired(_l("Choose the kind of visit."))],
    )
    start_date = DateField(_l("First day on site"), validators=[Optional()])
    end_date = DateField(_l("Last day on site"), validators=[Optional()])
    host_contact_id = SelectField(
        _l("Host at the partner"),
        coerce=_optional_int,
        validate_choice=False,
        validators=[Optional()],
        description=_l("Choose one of the partner's contacts, or type your host below."),
    )
    host_name = StringField(_l("Host's name"), validators=[Length(max=200)], filters=[_strip])
    host_email = StringField(
        _l("Host's e-mail"),
        validators=[Optional(), Email(_l("Enter an e-mail address.")), Length(max=254)],
        filters=[_strip],
    )
    purpose = TextAreaField(_l("Purpose"), validators=[Length(max=5000)], filters=[_strip])
    activities = TextAreaField(
        _l("Planned activities"),
        validators=[Length(max=5000)],
        filters=[_strip],
        description=_l("The programme day by day, or the courses you will teach."),
    )
    expected_outcomes = TextAreaField(
        _l("Expected outcomes"), validators=[Length(max=5000)], filters=[_strip]
    )
    teaching_hours = IntegerField(
        _l("Teaching hours"),
        validators=[Optional(), NumberRange(min=0, max=500, message=_l("Enter 0 to 500 hours."))],
        description=_l("Teaching visits only: at least 8 hours a week, pro rata for shorter "
                       "stays."),
    )  # fmt: skip
    currency = StringField(
        _l("Currency"),
        default="EUR",
        validators=[Length(min=3, max=3, message=_l("Use a three-letter code, such as EUR."))],
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        description=_l("ISO 4217 code, e.g. EUR, PLN, USD."),
    )
    travel_cost = _money(_l("Travel"))
    subsistence_cost = _money(_l("Subsistence"))
    other_cost = _money(_l("Other costs"))

    def set_choices(self, partnerships) -> None:
        self.partnership_id.choices = [("", _l("Choose an agreement"))] + [
            (p.id, f"{p.partner.name} · {p.title} ({p.validity_label})") for p in partnerships
        ]
        contacts = [("", _l("Someone else (type below)"))]
        for p in partnerships:
            for c in p.partner.contacts:
                role = f", {c.role}" if c.role else ""
                contacts.append((c.id, f"{c.name}{role} ({p.partner.name})"))
        self.host_contact_id.choices = contacts

    def data_for_service(self, partnership, contact) -> dict:
        names = [
            "visit_type", "start_date", "end_date", "host_name", "host_email", "purpose",
            "activities", "expected_outcomes", "teaching_hours", "currency", "travel_cost",
            "subsistence_cost", "other_cost",
        ]  # fmt: skip
        data = {name: getattr(self, name).data for name in names}
        return data | {"partnership": partnership, "host_contact": contact}


class DocumentForm(FlaskForm):
    kind = SelectField(_l("What is it?"), choices=DocumentKind.choices())
    document = FileField(_l("File (PDF, PNG or JPEG)"))


class NoteForm(FlaskForm):
    """Approve (optional note), return for changes (comments) or reject (reason)."""

    note = TextAreaField(_l("Comments"), validators=[Length(max=5000)], filters=[_strip])


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the visit cancelled?"),
        validators=[InputRequired(_l("Say why the visit is cancelled.")), Length(max=5000)],
        filters=[_strip],
    )


class ReportForm(FlaskForm):
    report_done = TextAreaField(
        _l("What was done"),
        validators=[InputRequired(_l("Say what was done during the visit.")), Length(max=5000)],
        filters=[_strip],
    )
    report_outcomes = TextAreaField(
        _l("Outcomes"),
        validators=[InputRequired(_l("Describe the outcomes.")), Length(max=5000)],
        filters=[_strip],
    )
    report_follow_ups = TextAreaField(
        _l("Follow-ups"),
        validators=[Length(max=5000)],
        filters=[_strip],
        description=_l("Joint papers, student exchanges, a return visit..."),
    )
    actual_travel_cost = _money(_l("Travel (actual)"))
    actual_subsistence_cost = _money(_l("Subsistence (actual)"))
    actual_other_cost = _money(_l("Other (actual)"))
