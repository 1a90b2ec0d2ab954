"""The form for a call (an application round grouping programs)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from exchange.forms import AcademicYearField, strip
from exchange.programs.calls import MAX_CHOICES_LIMIT, MAX_OBJECTION_DAYS, MAX_OFFER_DAYS


class CallForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a title for the call.")), Length(max=200)],
        filters=[strip],
        description=_l("What students see, e.g. “Erasmus+ study exchange 2026/2027”."),
    )
    description = TextAreaField(
        _l("Description for students"),
        validators=[Optional(), Length(max=10000)],
        render_kw={"rows": 5},
    )
    academic_year = AcademicYearField(
        _l("Academic year"),
        validators=[InputRequired(_l("Enter the academic year, e.g. 2026/2027."))],
        description=_l("Programs of the same academic year can join the call."),
    )
    max_choices = IntegerField(
        _l("Destinations a student may rank"),
        default=3,
        validators=[
            InputRequired(_l("Enter how many programs a student may rank.")),
            NumberRange(
                min=1,
                max=MAX_CHOICES_LIMIT,
                message=_l("Enter a number from 1 to %(max)s.", max=MAX_CHOICES_LIMIT),
            ),
        ],
        render_kw={"min": 1, "max": MAX_CHOICES_LIMIT, "step": 1},
    )
    allow_reopen = BooleanField(
        _l("Students may reopen a submitted application until the deadline"),
        description=_l("A reopened application is a draft again and must be submitted again."),
    )

    reviews_open_on = DateField(
        _l("Reviews open on"),
        validators=[Optional()],
        description=_l("From this day assigned faculty can review; leave empty until planned."),
    )
    reviews_close_on = DateField(
        _l("Reviews close on"),
        validators=[Optional()],
        description=_l("After this day reviewers see each other's reviews and ranking starts."),
    )
    results_release_on = DateField(
        _l("Results released on"),
        validators=[Optional()],
        description=_l("Students see no decision before this day."),
    )
    objection_days = IntegerField(
        _l("Working days to object"),
        default=5,
        validators=[
            InputRequired(_l("Enter how many working days students have to object.")),
            NumberRange(
                min=0,
                max=MAX_OBJECTION_DAYS,
                message=_l("Enter from 0 to %(max)s working days.", max=MAX_OBJECTION_DAYS),
            ),
        ],
        render_kw={"min": 0, "max": MAX_OBJECTION_DAYS, "step": 1},
    )
    offer_days = IntegerField(
        _l("Days to answer an offer"),
        default=7,
        validators=[
            InputRequired(_l("Enter how many days students have to answer an offer.")),
            NumberRange(
                min=1,
                max=MAX_OFFER_DAYS,
                message=_l("Enter from 1 to %(max)s days.", max=MAX_OFFER_DAYS),
            ),
        ],
        render_kw={"min": 1, "max": MAX_OFFER_DAYS, "step": 1},
    )

    def service_fields(self) -> dict:
        """The values create_call and update_call take."""
        return {
            "title": self.title.data or "",
            "description": self.description.data,
            "academic_year": self.academic_year.data,
            "max_choices": self.max_choices.data,
            "allow_reopen": bool(self.allow_reopen.data),
            "reviews_open_on": self.reviews_open_on.data,
            "reviews_close_on": self.reviews_close_on.data,
            "results_release_on": self.results_release_on.data,
            "objection_days": self.objection_days.data,
            "offer_days": self.offer_days.data,
        }
