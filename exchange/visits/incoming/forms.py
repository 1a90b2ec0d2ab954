"""Forms for incoming visits: record or change a visit, cancel one with a reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import exists, select
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.org_units import home_units
from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.forms import optional_int, strip
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, PartnershipState
from exchange.visits.incoming.policy import scoped_partnerships_clause
from exchange.visits.states import STAFF_MOBILITY_TYPES, VisitType


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _optional_choice(label, description) -> SelectField:
    """A list whose empty first choice means none (filled by set_choices)."""
    return SelectField(
        label,
        coerce=optional_int,
        validate_choice=False,
        validators=[Optional()],
        description=description,
    )


def recordable_partnerships_query(user):
    """Active agreements in the user's scope with an incoming staff condition (STA or STT)."""
    staff_condition = exists(
        select(CooperationCondition.id).where(
            CooperationCondition.partnership_id == Partnership.id,
            CooperationCondition.direction == Direction.INCOMING,
            CooperationCondition.mobility_type.in_(list(STAFF_MOBILITY_TYPES)),
        )
    )
    return (
        select(Partnership)
        .where(
            Partnership.state == PartnershipState.ACTIVE,
            staff_condition,
            scoped_partnerships_clause(user),
        )
        .order_by(Partnership.title, Partnership.id)
    )


def faculty_members() -> list[User]:
    """Active faculty members, by name, in one query (their units come joined)."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.FACULTY, User.is_active.is_(True))
            .order_by(User.full_name, User.id)
        ).unique()
    )


class IncomingVisitForm(FlaskForm):
    partnership_id = SelectField(
        _l("Agreement"),
        coerce=optional_int,
        validate_choice=False,  # the view and the service say why an agreement cannot be used
        validators=[DataRequired(_l("Choose the agreement the visit comes under."))],
        description=_l("Active agreements with an incoming staff condition (STA or STT)."),
    )
    visit_type = SelectField(
        _l("Type of visit"),
        choices=[("", _l("Choose a type"))] + VisitType.choices(),
        validators=[InputRequired(_l("Choose the type of visit."))],
        description=_l(
            "Teaching counts against incoming STA days, training against STT; research and "
            "joint supervision use whichever the agreement has."
        ),
    )
    visitor_name = StringField(
        _l("Visitor's name"),
        validators=[DataRequired(_l("Enter the visitor's name.")), Length(max=200)],
        filters=[strip],
    )
    visitor_email = EmailField(
        _l("Visitor's e-mail"),
        validators=[
            DataRequired(_l("Enter the visitor's e-mail address.")),
            Email(_l("Enter a valid e-mail address, like name@partner.edu."),
                  check_deliverability=False),
            Length(max=254),
        ],
        filters=[_lower],
    )  # fmt: skip
    position = StringField(
        _l("Position"),
        validators=[
            DataRequired(_l("Enter the visitor's position, e.g. Associate Professor.")),
            Length(max=200),
        ],
        filters=[strip],
    )
    partner_unit_id = _optional_choice(
        _l("Faculty or department at the partner"),
        _l("Optional. The partner's units recorded under Institutions."),
    )
    start_date = DateField(
        _l("First day"), validators=[InputRequired(_l("Enter the first day of the visit."))]
    )
    end_date = DateField(
        _l("Last day"), validators=[InputRequired(_l("Enter the last day of the visit."))]
    )
    host_id = _optional_choice(
        _l("Host (faculty member)"),
        _l("Told by notice and e-mail when the visit is confirmed."),
    )
    host_unit_id = _optional_choice(
        _l("Host unit"),
        _l("A faculty member, a unit, or both."),
    )
    purpose = TextAreaField(
        _l("Purpose and planned activities"),
        validators=[DataRequired(_l("Say what the visit is for.")), Length(max=5000)],
        filters=[strip],
        render_kw={"rows": 4},
    )
    teaching_hours = IntegerField(
        _l("Teaching hours"),
        default=0,
        validators=[
            InputRequired(_l("Enter the teaching hours, or 0.")),
            NumberRange(min=0, max=1000, message=_l("Enter from 0 to 1000 hours.")),
        ],
        render_kw={"min": 0, "step": 1},
    )

    def set_choices(self, user) -> list[Partnership]:
        """Fill the lists (four queries) and return the agreements offered."""
        partnerships = list(db.session.scalars(recordable_partnerships_query(user)))
        self.partnership_id.choices = [("", _l("Choose an agreement"))] + [
            (p.id, f"{p.title} — {p.partner.name} ({p.validity_label})") for p in partnerships
        ]
        partner_ids = {p.partner_id for p in partnerships}
        names = {p.partner_id: p.partner.name for p in partnerships}
        units = db.session.scalars(
            select(OrgUnit)
            .where(OrgUnit.institution_id.in_(partner_ids))
            .order_by(OrgUnit.institution_id, OrgUnit.name)
        ).all()
        self.partner_unit_id.choices = [("", _l("Not recorded"))] + [
            (u.id, f"{u.name} — {names[u.institution_id]}") for u in units
        ]
        self.host_id.choices = [("", _l("No faculty member"))] + [
            (p.id, f"{p.full_name} ({p.org_unit.name})" if p.org_unit else p.full_name)
            for p in faculty_members()
        ]
        self.host_unit_id.choices = [("", _l("No unit"))] + [
            (u.id, u.display_name) for u in home_units()
        ]
        return partnerships

    def service_fields(self) -> dict:
        """The form's values as the service takes them (objects loaded by id)."""

        def load(model, value):
            return db.session.get(model, value) if value else None

        return dict(
            partnership=load(Partnership, self.partnership_id.data),
            visit_type=self.visit_type.data,
            visitor_name=self.visitor_name.data,
            visitor_email=self.visitor_email.data,
            position=self.position.data,
            partner_unit=load(OrgUnit, self.partner_unit_id.data),
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            host=load(User, self.host_id.data),
            host_unit=load(OrgUnit, self.host_unit_id.data),
            purpose=self.purpose.data,
            teaching_hours=self.teaching_hours.data,
        )


class CancelIncomingForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[DataRequired(_l("Say why the visit is cancelled.")), Length(max=2000)],
        filters=[strip],
        render_kw={"rows": 2},
    )
