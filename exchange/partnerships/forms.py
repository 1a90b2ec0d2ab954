"""Forms for institutions, partnerships and cooperation conditions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from exchange.accounts.roles import StudyLevel
from exchange.forms import AcademicYearField, MultiCheckboxField, optional_int, strip
from exchange.partnerships import conditions, services
from exchange.partnerships.states import Direction, MobilityType
from exchange.reference import (
    CEFR_LEVELS,
    COUNTRIES,
    academic_year_label,
    country_choices,
    isced_choices,
    language_choices,
)


def optional_language_choices():
    return [("", _l("No language requirement"))] + language_choices()


def optional_cefr_choices():
    return [("", _l("No level"))] + [(level, level) for level in CEFR_LEVELS]


def eqf_choices():
    return StudyLevel.choices()


class InstitutionForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the institution's name.")), Length(max=200)],
        filters=[strip],
    )
    country = SelectField(
        _l("Country"),
        choices=[("", _l("Choose a country"))] + country_choices(),
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the country.")),
            AnyOf(list(COUNTRIES), message=_l("Choose a country from the list.")),
        ],
    )
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)], filters=[strip])
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=255)],
        filters=[strip],
        description=_l("The full address, e.g. https://www.cam.ac.uk"),
    )
    schac_code = StringField(
        _l("SCHAC code"),
        validators=[DataRequired(_l("Enter the SCHAC code.")), Length(max=120)],
        filters=[strip, lambda v: v.lower() if isinstance(v, str) else v],
        description=_l(
            "The institution's internet domain, its id in Erasmus Without Paper, e.g. cam.ac.uk"
        ),
    )
    erasmus_code = StringField(
        _l("Erasmus code"),
        validators=[Optional(), Length(max=30)],
        filters=[strip, lambda v: v.upper() if isinstance(v, str) else v],
        description=_l("Optional, e.g. UK CAMBRID01"),
    )

    def validate_website(self, field):
        if field.data and not services.valid_website(field.data):
            raise ValidationError(_l("Enter a web address starting with http:// or https://."))

    def validate_schac_code(self, field):
        if field.data and not services.valid_schac_code(field.data):
            raise ValidationError(
                _l("Enter the institution's internet domain in lower case, e.g. uw.edu.pl.")
            )

    def validate_erasmus_code(self, field):
        if field.data and not services.valid_erasmus_code(field.data):
            raise ValidationError(
                _l("Write the Erasmus code like PL WARSZAW01, or leave it empty.")
            )

    def fields(self) -> dict:
        return {name: getattr(self, name).data for name in services.INSTITUTION_FIELDS}


class PartnershipForm(FlaskForm):
    partner_id = SelectField(
        _l("Partner institution"),
        coerce=optional_int,
        validators=[DataRequired(_l("Choose the partner institution."))],
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a title for the agreement.")), Length(max=200)],
        filters=[strip],
        description=_l("How the office refers to it, e.g. Erasmus+ Sustainable energy"),
    )
    org_unit_id = SelectField(
        _l("Owning faculty or department"),
        coerce=optional_int,
        validators=[Optional()],
        description=_l("Leave on university-wide when the whole university takes part."),
    )
    first_year = AcademicYearField(
        _l("First academic year"),
        validators=[InputRequired(_l("Enter the first academic year, e.g. 2026/2027."))],
        render_kw={"placeholder": "2026/2027"},
    )
    last_year = AcademicYearField(
        _l("Last academic year"),
        validators=[InputRequired(_l("Enter the last academic year, e.g. 2030/2031."))],
        render_kw={"placeholder": "2030/2031"},
    )
    subject_areas = SelectMultipleField(
        _l("Subject areas (ISCED-F 2013)"),
        choices=isced_choices(),
        validate_choice=False,  # the service names the unknown codes
        description=_l("Hold Ctrl (or ⌘) to choose several."),
        render_kw={"size": 10},
    )
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4}
    )

    def set_choices(self, partners, units) -> None:
        self.partner_id.choices = [("", _l("Choose a partner"))] + [
            (p.id, f"{p.name} ({p.country})") for p in partners
        ]
        self.org_unit_id.choices = [("", _l("University-wide"))] + [
            (u.id, u.display_name) for u in units
        ]

    def validate_last_year(self, field):
        first = self.first_year.data
        if field.data is not None and first is not None and field.data < first:
            raise ValidationError(
                _l(
                    "The last academic year cannot be before the first (%(first)s).",
                    first=academic_year_label(first),
                )
            )


class ConditionForm(FlaskForm):
    direction = SelectField(
        _l("Direction"),
        choices=Direction.choices(),
        validators=[InputRequired(_l("Choose a direction."))],
    )
    mobility_type = SelectField(
        _l("Mobility type"),
        choices=MobilityType.choices(),
        validators=[InputRequired(_l("Choose a mobility type."))],
    )
    places_per_year = IntegerField(
        _l("Places per year"),
        validators=[
            InputRequired(_l("Enter the number of places per year.")),
            NumberRange(min=1, max=1000, message=_l("Enter a number from 1 to 1000.")),
        ],
    )
    months_per_year = IntegerField(
        _l("Total months per year"),
        validators=[
            Optional(),
            NumberRange(min=1, max=1200, message=_l("Enter a number from 1 to 1200.")),
        ],
        description=_l("Student mobility only (SMS, SMT): months across all places."),
    )
    days_per_year = IntegerField(
        _l("Total days per year"),
        validators=[
            Optional(),
            NumberRange(min=1, max=3650, message=_l("Enter a number from 1 to 3650.")),
        ],
        description=_l("Staff mobility only (STA, STT): days across all places."),
    )
    eqf_levels = MultiCheckboxField(_l("Study levels"), choices=eqf_choices())
    language = SelectField(
        _l("Recommended language"), choices=optional_language_choices(), validators=[Optional()]
    )
    cefr_level = SelectField(
        _l("Recommended level (CEFR)"), choices=optional_cefr_choices(), validators=[Optional()]
    )
    subject_areas = SelectMultipleField(
        _l("Subject areas of this condition (ISCED-F 2013)"),
        choices=isced_choices(),
        validate_choice=False,  # the service names the unknown codes
        description=_l("Leave empty when the agreement's subject areas apply. "
                       "Hold Ctrl (or ⌘) to choose several."),
        render_kw={"size": 6},
    )  # fmt: skip

    def validate_months_per_year(self, field):
        kind = self.mobility_type.data
        if field.data and kind in MobilityType.values() and not MobilityType(kind).is_student:
            raise ValidationError(_l("Staff mobility is counted in days; leave months empty."))

    def validate_days_per_year(self, field):
        kind = self.mobility_type.data
        if field.data and kind in MobilityType.values() and MobilityType(kind).is_student:
            raise ValidationError(_l("Student mobility is counted in months; leave days empty."))

    def fields(self) -> dict:
        names = [n for n in conditions.CONDITION_FIELDS if n != "partnership_id"]
        return {name: getattr(self, name).data for name in names}
