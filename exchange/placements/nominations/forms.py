"""Forms of nominations: nominate (dates, level, field), change dates, the partner's answer,
and a status change with its note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from exchange.placements.nominations.models import REASON_MAX
from exchange.reference import EQF_LEVELS, isced_label

DATE_MESSAGE = _l("Enter a date as YYYY-MM-DD.")


class IsoDateField(DateField):
    """A date typed or picked as YYYY-MM-DD; anything else gets the message above."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(DATE_MESSAGE)) from None


class DatesForm(FlaskForm):
    planned_arrival = IsoDateField(
        _l("Planned arrival"), validators=[InputRequired(DATE_MESSAGE)],
        description=_l("Proposed from the program's term; change it to the partner's dates."),
    )  # fmt: skip
    planned_departure = IsoDateField(
        _l("Planned departure"), validators=[InputRequired(DATE_MESSAGE)]
    )


class NominateForm(DatesForm):
    eqf_level = SelectField(
        _l("Study level at departure (EQF)"),
        choices=[("", _l("Not known"))] + [(level, f"EQF {level}") for level in EQF_LEVELS],
        validate_choice=False,
    )
    isced_code = SelectField(
        _l("Field of education (ISCED-F)"), validate_choice=False,
        description=_l("From the agreement's subject areas."),
    )  # fmt: skip

    def set_isced_choices(self, codes: list[str]) -> None:
        self.isced_code.choices = [("", _l("Not given"))] + [(c, isced_label(c)) for c in codes]


class PartnerAnswerForm(FlaskForm):
    answer = RadioField(
        _l("The partner's answer"),
        choices=[("accepted", _l("Accepted")), ("rejected", _l("Rejected"))],
        validators=[InputRequired(_l("Choose the partner's answer."))],
    )
    answered_on = IsoDateField(_l("Answered on"), validators=[InputRequired(DATE_MESSAGE)])
    reason = TextAreaField(
        _l("The partner's reason (required when rejected)"),
        validators=[Optional(), Length(max=REASON_MAX,
                                       message=_l("Keep the reason under %(max)s characters."))],
        render_kw={"rows": 3},
    )  # fmt: skip


class StatusForm(FlaskForm):
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=REASON_MAX,
                                       message=_l("Keep the note under %(max)s characters."))],
        render_kw={"rows": 2},
    )  # fmt: skip
    end_placement = BooleanField(
        _l("Also cancel the student's placement (the seat goes to the waiting list)"),
        description=_l(
            "When the partner rejected the student and no other destination is possible."
        ),  # fmt: skip
    )
