"""The form for a program (call for applications)."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from exchange.forms import AcademicYearField, MultiCheckboxField, optional_int, strip
from exchange.partnerships.forms import (
    eqf_choices,
    optional_cefr_choices,
    optional_language_choices,
)
from exchange.partnerships.states import MobilityType
from exchange.programs.states import DocumentType, Term


def _weight(label, default: int) -> IntegerField:
    return IntegerField(
        label,
        default=default,
        validators=[
            InputRequired(_l("Enter a weight from 0 to 100%, or 0 to leave it out.")),
            # NumberRange formats its message with %, hence the doubled sign.
            NumberRange(min=0, max=100, message=_l("Enter a weight from 0 to 100%%.")),
        ],
        render_kw={"min": 0, "max": 100, "step": 1},
    )


WEIGHTS = ("weight_gpa", "weight_language", "weight_review", "weight_interview")


class ProgramForm(FlaskForm):
    partnership_id = SelectField(
        _l("Agreement"),
        coerce=optional_int,
        validators=[DataRequired(_l("Choose the agreement this call belongs to."))],
        description=_l("Only agreements that are not expired or terminated are listed."),
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a title for the call.")), Length(max=200)],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Description for students"),
        validators=[Optional(), Length(max=10000)],
        render_kw={"rows": 5},
    )
    mobility_type = SelectField(
        _l("Mobility type"),
        choices=MobilityType.choices(),
        validators=[InputRequired(_l("Choose a mobility type."))],
    )
    academic_year = AcademicYearField(
        _l("Academic year"),
        validators=[InputRequired(_l("Enter the academic year, e.g. 2026/2027."))],
        render_kw={"placeholder": "2026/2027"},
    )
    term = SelectField(
        _l("Term"), choices=Term.choices(), validators=[InputRequired(_l("Choose the term."))]
    )
    seats = IntegerField(
        _l("Seats"),
        validators=[
            InputRequired(_l("Enter the number of seats.")),
            NumberRange(min=1, max=1000, message=_l("Offer from 1 to 1000 seats.")),
        ],
        description=_l(
            "With the agreement's other calls of the same type and year, at most the outgoing "
            "places a year its cooperation condition allows."
        ),
    )
    opens_on = DateField(
        _l("Applications open"),
        validators=[InputRequired(_l("Enter the date applications open."))],
    )
    closes_on = DateField(
        _l("Applications close"),
        validators=[InputRequired(_l("Enter the date applications close."))],
    )
    eqf_levels = MultiCheckboxField(
        _l("Study levels"), choices=eqf_choices(), description=_l("None ticked: all levels.")
    )
    org_unit_ids = SelectMultipleField(
        _l("Open to students of"),
        coerce=int,
        description=_l("None chosen: the whole university. Hold Ctrl (or ⌘) to choose several."),
        render_kw={"size": 6},
    )
    min_gpa = DecimalField(
        _l("Minimum GPA"),
        places=2,
        validators=[Optional()],
        description=_l("Leave empty for no minimum."),
    )
    language = SelectField(
        _l("Language requirement"), choices=optional_language_choices(), validators=[Optional()]
    )
    cefr_level = SelectField(
        _l("Minimum level (CEFR)"), choices=optional_cefr_choices(), validators=[Optional()]
    )
    required_documents = MultiCheckboxField(
        _l("Required documents"), choices=DocumentType.choices()
    )
    first_timers_only = BooleanField(
        _l("Only students who have not been on an exchange before"), default=False
    )
    weight_gpa = _weight(_l("GPA"), 50)
    weight_language = _weight(_l("Language"), 50)
    weight_review = _weight(_l("Review score"), 0)
    weight_interview = _weight(_l("Interview"), 0)

    def set_choices(self, partnerships, units) -> None:
        self.partnership_id.choices = [("", _l("Choose an agreement"))] + [
            (p.id, f"{p.title} — {p.partner.name} ({p.validity_label}, {p.state.label})")
            for p in partnerships
        ]
        self.org_unit_ids.choices = [(u.id, u.display_name) for u in units]
        self.min_gpa.description = _l(
            "From 0 to %(max)s. Leave empty for no minimum.", max=_scale_max()
        )

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("Applications cannot close before they open."))

    def validate_min_gpa(self, field):
        if field.data is not None and not Decimal(0) <= field.data <= _scale_max():
            raise ValidationError(_l("Enter a GPA from 0 to %(max)s.", max=_scale_max()))

    def validate_cefr_level(self, field):
        if field.data and not self.language.data:
            raise ValidationError(_l("Choose the language this level applies to."))

    def validate_weight_gpa(self, field):
        weights = [getattr(self, name).data for name in WEIGHTS]
        if all(isinstance(w, int) for w in weights) and sum(weights) != 100:
            raise ValidationError(
                _l(
                    "The weights add up to %(total)s%%; they must add up to 100%%.",
                    total=sum(weights),
                )
            )

    def fields(self) -> dict:
        names = [
            "title",
            "description",
            "mobility_type",
            "academic_year",
            "term",
            "seats",
            "opens_on",
            "closes_on",
            "eqf_levels",
            "min_gpa",
            "language",
            "cefr_level",
            "required_documents",
            "first_timers_only",
            *WEIGHTS,
        ]
        return {name: getattr(self, name).data for name in names}


def _scale_max() -> Decimal:
    return Decimal(str(current_app.config.get("GPA_SCALE_MAX", 4.0)))
