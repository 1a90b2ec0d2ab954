"""Forms of the selection screens. The services check the values and say what is wrong;
these forms carry the fields and the CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from exchange.selection.states import MechanismLabel, RuleKind, TieRuleLabel


class RunForm(FlaskForm):
    mechanism = SelectField(_l("Mechanism"), choices=MechanismLabel.choices(),
                            validate_choice=False)  # fmt: skip
    tie_rule = SelectField(_l("Equal scores"), choices=TieRuleLabel.choices(),
                           validate_choice=False)  # fmt: skip
    seed = StringField(
        _l("Seed"),
        description=_l("Leave empty to draw a new one; enter a recorded seed to reproduce."),
    )


class InterviewForm(FlaskForm):
    interview_score = StringField(_l("Interview (0–100)"))


class AdjustForm(FlaskForm):
    adjustment = StringField(_l("Adjustment (points)"))
    reason = TextAreaField(_l("Reason"))


class RuleForm(FlaskForm):
    kind = SelectField(_l("Applies"), choices=RuleKind.choices(), validate_choice=False)
    label = StringField(_l("Name"))
    points = StringField(_l("Points (negative for a penalty)"))


class FlagForm(FlaskForm):
    rule_id = HiddenField()
    on = HiddenField()
