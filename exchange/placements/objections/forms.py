"""The student's objection form and the coordinator's answer form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from exchange.applications.listing import parse_int
from exchange.placements.objections.services import ANSWER_MAX, REASON_MAX


class ObjectionForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you object to the result?"),
        validators=[
            DataRequired(_l("Say why you object: the office reads your reason.")),
            Length(max=REASON_MAX, message=_l("Keep the reason under %(max)s characters.")),
        ],
        description=_l(
            "Say what you think is wrong and why, e.g. “My language certificate (C1) was not "
            "counted; it is among my documents.” You can object once; the office answers in "
            "writing."
        ),
        render_kw={"rows": 6},
    )


class AnswerForm(FlaskForm):
    outcome = RadioField(
        _l("Your decision"),
        choices=[
            ("upheld", _l("Uphold: the student is right, the decision changes")),
            ("rejected", _l("Reject: the result stands")),
        ],
        validators=[InputRequired(_l("Choose whether you uphold or reject the objection."))],
    )
    answer = TextAreaField(
        _l("Answer to the student"),
        validators=[
            DataRequired(_l("Write the answer: the student reads it.")),
            Length(max=ANSWER_MAX, message=_l("Keep the answer under %(max)s characters.")),
        ],
        description=_l(
            "The student reads this in a notice and a mail. Say what was checked and what follows."
        ),  # fmt: skip
        render_kw={"rows": 5},
    )
    program_id = SelectField(
        _l("Offer a place (when upholding)"),
        coerce=parse_int,
        validate_choice=False,  # the service says in words why a program cannot be offered
        description=_l(
            "Only for an applicant without a place: one of the programs they "
            "ranked, if a seat is free. Leave it empty to change the decision by "
            "hand."
        ),  # fmt: skip
    )

    @property
    def upheld(self) -> bool:
        return self.outcome.data == "upheld"
