"""Forms of the review screens. Values are parsed here; the rules (ranges, who may be
assigned, a complete submission) are the services', which name the field of each error."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from exchange.applications.listing import parse_int
from exchange.forms import strip
from exchange.reviews.models import NAME_MAX, SCORE_LIMIT, WEIGHT_MAX
from exchange.reviews.reviewing import COMMENT_MAX, score_field
from exchange.reviews.services import MAX_PER_APPLICATION, REASON_MAX
from exchange.reviews.states import Recommendation

_WHOLE = _l("Enter a whole number.")


class CriterionForm(FlaskForm):
    name = StringField(
        _l("Criterion"),
        validators=[DataRequired(_l("Name the criterion, e.g. “Academic record”.")),
                    Length(max=NAME_MAX)],
        filters=[strip],
    )  # fmt: skip
    description = TextAreaField(
        _l("What reviewers should look at"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )
    weight = IntegerField(
        _l("Weight"),
        default=1,
        validators=[
            InputRequired(_WHOLE),
            NumberRange(1, WEIGHT_MAX, _l("Enter a weight from 1 to %(max)s.", max=WEIGHT_MAX)),
        ],
        description=_l("Relative importance: a criterion of weight 2 counts twice as much."),
        render_kw={"min": 1, "max": WEIGHT_MAX},
    )
    min_score = IntegerField(
        _l("Lowest score"), default=0, validators=[InputRequired(_WHOLE)],
        render_kw={"min": -SCORE_LIMIT, "max": SCORE_LIMIT},
    )  # fmt: skip
    max_score = IntegerField(
        _l("Highest score"), default=10, validators=[InputRequired(_WHOLE)],
        render_kw={"min": -SCORE_LIMIT, "max": SCORE_LIMIT},
    )  # fmt: skip

    def service_fields(self) -> dict:
        return {
            "name": self.name.data, "description": self.description.data,
            "weight": self.weight.data, "min_score": self.min_score.data,
            "max_score": self.max_score.data,
        }  # fmt: skip


class AssignForm(FlaskForm):
    reviewer_id = SelectField(
        _l("Reviewer"),
        coerce=parse_int,
        validate_choice=False,  # the service says why someone cannot review, in words
        validators=[InputRequired(_l("Choose a reviewer from the list."))],
    )


class BulkAssignForm(FlaskForm):
    org_unit_id = SelectField(
        _l("Applicants from"),
        coerce=parse_int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the applicants' unit."))],
    )
    reviewer_ids = SelectMultipleField(
        _l("Reviewers"),
        coerce=parse_int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose at least one reviewer."))],
        description=_l("Hold Ctrl (⌘ on a Mac) to pick several; work is spread evenly."),
        render_kw={"size": 6},
    )
    per_application = IntegerField(
        _l("Reviewers per application"),
        default=1,
        validators=[
            InputRequired(_WHOLE),
            NumberRange(1, MAX_PER_APPLICATION,
                        _l("Enter from 1 to %(max)s.", max=MAX_PER_APPLICATION)),
        ],
        render_kw={"min": 1, "max": MAX_PER_APPLICATION},
    )  # fmt: skip


class ConflictForm(FlaskForm):
    reason = TextAreaField(
        _l("What is the conflict of interest?"),
        validators=[
            DataRequired(_l("Say briefly what the conflict of interest is.")),
            Length(max=REASON_MAX, message=_l("Keep the reason under %(max)s characters.")),
        ],
        description=_l("E.g. “I supervise the applicant's thesis.” Only the office reads it."),
        render_kw={"rows": 3},
    )


class ReviewFormBase(FlaskForm):
    version = HiddenField()
    recommendation = SelectField(
        _l("Recommendation"),
        choices=[("", _l("Choose…")), *Recommendation.choices()],
        validate_choice=False,
    )
    comment = TextAreaField(
        _l("Comment"),
        validators=[Optional(), Length(max=COMMENT_MAX)],
        description=_l("For the selection committee; the student never sees it."),
        render_kw={"rows": 6},
    )
    save = SubmitField(_l("Save draft"))
    submit_review = SubmitField(_l("Submit review"))

    criteria: list = []

    def score_fields(self):
        return [(c, getattr(self, score_field(c.id))) for c in self.criteria]

    def service_fields(self) -> dict:
        return {
            "expected_version": parse_int(self.version.data),
            "scores": {c.id: f.data for c, f in self.score_fields()},
            "recommendation": self.recommendation.data or None,
            "comment": self.comment.data,
            "submit": bool(self.submit_review.data),
        }


def review_form(criteria, **kwargs) -> ReviewFormBase:
    """A review form with one score field per criterion of the rubric."""

    class ReviewForm(ReviewFormBase):
        pass

    for criterion in criteria:
        setattr(
            ReviewForm, score_field(criterion.id),
            IntegerField(
                criterion.name, validators=[Optional()],
                description=_l("From %(low)s to %(high)s", low=criterion.min_score,
                               high=criterion.max_score),
                render_kw={"min": criterion.min_score, "max": criterion.max_score, "step": 1},
            ),
        )  # fmt: skip
    form = ReviewForm(**kwargs)
    form.criteria = list(criteria)
    return form
