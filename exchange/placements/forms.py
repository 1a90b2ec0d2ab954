"""Forms of the placement screens: release, decline an offer, decide by hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from exchange.placements.decisions import Decision
from exchange.placements.release import REASON_MAX


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ReleaseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for releasing before the release day"),
        validators=[Optional(), Length(max=REASON_MAX)],
        description=_l("Needed only before the call's release day; it is kept in the audit log."),
    )


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=REASON_MAX)],
        description=_l("The office reads it; it helps them plan the next calls."),
    )


class DecideForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            (Decision.OFFER.value, _l("Offer a place")),
            (Decision.REFUSE.value, _l("Refuse (not selected)")),
        ],
        validators=[DataRequired(_l("Choose a decision."))],
    )
    program_id = SelectField(
        _l("Program to offer"),
        coerce=_int_or_none,
        validate_choice=False,  # the service says why a program cannot be offered, in words
        description=_l("A program of this call, or another period of a chosen agreement."),
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Write the reason for this decision; the student may read it.")),
            Length(max=REASON_MAX),
        ],
        description=_l("Required. The student reads it with the decision once results are out."),
    )
