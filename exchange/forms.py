"""The form kit every domain shares: filters, coercions, fields and the error mapping.

Neutral ground below every domain's forms.py, so no domain borrows another's form module.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from exchange.reference import academic_year_label, parse_academic_year


def strip(value):
    return value.strip() if isinstance(value, str) else value


def optional_int(value):
    """Coerce for selects whose empty choice means 'none'."""
    if value in (None, "", "None"):
        return None
    return int(value)


def attach_error(form, error) -> None:
    """Show a service's rule violation beside its field, or above the form; an error that
    lists several `problems` (each naming its field) shows each beside its own field."""
    problems = getattr(error, "problems", None)
    if problems:
        for problem in problems:
            attach_error(form, problem)
        return
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AcademicYearField(StringField):
    """An academic year typed as 2026/2027 (or 2026); its data is the starting year."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return academic_year_label(self.data) if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and (valuelist[0] or "").strip():
            year = parse_academic_year(valuelist[0])
            if year is None:
                raise ValueError(_l("Write the academic year as 2026/2027."))
            if not 1990 <= year <= 2200:
                raise ValueError(_l("Enter an academic year between 1990/1991 and 2200/2201."))
            self.data = year


class TransitionForm(FlaskForm):
    """A state change: the target state and an optional note for the history."""

    target = StringField(validators=[DataRequired(_l("Choose what to do."))])
    note = TextAreaField(
        _l("Note (optional, kept in the history)"), validators=[Optional(), Length(max=1000)]
    )

    def chosen(self, states):
        """The state of `states` the pressed button names, or None (no button, or another)."""
        if self.validate_on_submit() and self.target.data in states.values():
            return states(self.target.data)
        return None
