"""The visit proposal form, the report form and the decision forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from exchange.forms import optional_int, strip
from exchange.visits.states import DocumentKind, VisitType


def _text(label, required=None, **kw) -> TextAreaField:
    """A text of at most 5,000 characters, trimmed; `required` is the message when empty."""
    validators = [InputRequired(required)] if required else []
    return TextAreaField(label, validators=[*validators, Length(max=5000)], filters=[strip], **kw)


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
        coerce=optional_int,
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
        coerce=optional_int,
        validate_choice=False,
        validators=[Optional()],
        description=_l("Choose one of the partner's contacts, or type your host below."),
    )
    host_name = StringField(_l("Host's name"), validators=[Length(max=200)], filters=[strip])
    host_email = StringField(
        _l("Host's e-mail"),
        validators=[Optional(), Email(_l("Enter an e-mail address.")), Length(max=254)],
        filters=[strip],
    )
    purpose = _text(_l("Purpose"))
    activities = _text(
        _l("Planned activities"),
        description=_l("The programme day by day, or the courses you will teach."),
    )
    expected_outcomes = _text(_l("Expected outcomes"))
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

    def fields(self) -> dict:
        """What proposing.save_proposal takes: the fields, the agreement and host by id."""
        names = [
            "partnership_id", "host_contact_id", "visit_type", "start_date", "end_date",
            "host_name", "host_email", "purpose", "activities", "expected_outcomes",
            "teaching_hours", "currency", "travel_cost", "subsistence_cost", "other_cost",
        ]  # fmt: skip
        return {name: getattr(self, name).data for name in names}


class DocumentForm(FlaskForm):
    kind = SelectField(_l("What is it?"), choices=DocumentKind.choices())
    document = FileField(_l("File (PDF, PNG or JPEG)"))


class NoteForm(FlaskForm):
    """Approve (optional note), return for changes (comments) or reject (reason)."""

    note = _text(_l("Comments"))


class CancelForm(FlaskForm):
    reason = _text(_l("Why is the visit cancelled?"), _l("Say why the visit is cancelled."))


class ReportForm(FlaskForm):
    report_done = _text(_l("What was done"), _l("Say what was done during the visit."))
    report_outcomes = _text(_l("Outcomes"), _l("Describe the outcomes."))
    report_follow_ups = _text(
        _l("Follow-ups"), description=_l("Joint papers, student exchanges, a return visit...")
    )
    actual_travel_cost = _money(_l("Travel (actual)"))
    actual_subsistence_cost = _money(_l("Subsistence (actual)"))
    actual_other_cost = _money(_l("Other (actual)"))
