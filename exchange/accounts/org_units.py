"""The home institution's faculties and departments: who may manage them, the rules, the form.

Services check the rules, write an audit record and flush; the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from exchange import audit
from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.roles import OrgUnitKind, Role, has_role
from exchange.accounts.scope import is_university_wide
from exchange.extensions import db
from exchange.rules import RuleError

ORG_UNIT_FIELDS = ["institution_id", "parent_id", "code", "name", "kind"]


class OrgUnitError(RuleError):
    """A change to an org unit that breaks a rule; `field` names the form field concerned."""


# --- Policy ---------------------------------------------------------------------------------


def can_manage_org_units(user) -> bool:
    """University-wide coordinators shape the faculty tree; unit-scoped ones do not."""
    return is_university_wide(user)


def can_manage_partner_units(user, institution) -> bool:
    """Any coordinator records a partner's faculties and departments (not the home tree)."""
    return has_role(user, Role.COORDINATOR) and not institution.is_home


def kind_label(kind) -> str:
    """The words for a unit's kind (the column holds the bare value)."""
    try:
        return OrgUnitKind(kind).label
    except ValueError:
        return str(kind)


# --- Queries --------------------------------------------------------------------------------


def home_units() -> list[OrgUnit]:
    """Every unit of the home institution, by name, loaded in one query."""
    # Through the relationship: Institution lives in exchange/partnerships, a layer above.
    return list(
        db.session.scalars(
            select(OrgUnit).where(OrgUnit.institution.has(is_home=True)).order_by(OrgUnit.name)
        )
    )


def home_faculties(exclude: OrgUnit | None = None) -> list[OrgUnit]:
    return [u for u in home_units() if u.kind == OrgUnitKind.FACULTY and u is not exclude]


def institution_units(institution_id: int) -> list[OrgUnit]:
    """Every unit of one institution, by name, in one query (parents come joined)."""
    return list(
        db.session.scalars(
            select(OrgUnit).where(OrgUnit.institution_id == institution_id).order_by(OrgUnit.name)
        )
    )


def institution_faculties(institution_id: int, exclude: OrgUnit | None = None) -> list[OrgUnit]:
    return [
        u
        for u in institution_units(institution_id)
        if u.kind == OrgUnitKind.FACULTY and u is not exclude
    ]


@dataclass
class Branch:
    unit: OrgUnit
    children: list[OrgUnit] = field(default_factory=list)


def home_unit_tree() -> list[Branch]:
    """Top-level units (faculties first) with the units under them, from one query."""
    units = home_units()
    branches = {u.id: Branch(u) for u in units if u.parent_id is None}
    orphans = []
    for unit in units:
        if unit.parent_id is not None:
            branch = branches.get(unit.parent_id)
            (branch.children if branch else orphans).append(unit)
    tree = sorted(
        branches.values(), key=lambda b: (b.unit.kind != OrgUnitKind.FACULTY, b.unit.name.lower())
    )
    # A unit whose parent sits under another unit: still listed, at the top level.
    tree.extend(Branch(u) for u in orphans)
    return tree


# --- Services -------------------------------------------------------------------------------


def _check(institution_id: int, data: dict, current: OrgUnit | None) -> None:
    code, kind, parent = data["code"], data["kind"], data["parent"]
    if not code:
        raise OrgUnitError(_l("Enter a short code, e.g. ENG or CS."), "code")
    if not data["name"]:
        raise OrgUnitError(_l("Enter the unit's name."), "name")
    if kind not in OrgUnitKind.values():
        raise OrgUnitError(_l("Choose what kind of unit this is."), "kind")
    if parent is not None:
        if current is not None and parent.id == current.id:
            raise OrgUnitError(_l("A unit cannot sit under itself."), "parent_id")
        if parent.institution_id != institution_id:
            raise OrgUnitError(_l("Choose a faculty of the same institution."), "parent_id")
        if parent.kind != OrgUnitKind.FACULTY:
            raise OrgUnitError(_l("Only a faculty can hold other units."), "parent_id")
        if kind == OrgUnitKind.FACULTY:
            raise OrgUnitError(
                _l("A faculty sits at the top; leave the parent empty."), "parent_id"
            )
    if current is not None and kind != OrgUnitKind.FACULTY:
        has_children = db.session.scalar(
            select(func.count()).select_from(OrgUnit).where(OrgUnit.parent_id == current.id)
        )
        if has_children:
            raise OrgUnitError(
                _l("Units sit under this faculty; move them before changing its kind."), "kind"
            )
    clash = select(OrgUnit.id).where(
        OrgUnit.institution_id == institution_id, func.upper(OrgUnit.code) == code.upper()
    )
    if current is not None:
        clash = clash.where(OrgUnit.id != current.id)
    if db.session.scalar(clash):
        raise OrgUnitError(_l("Another unit already uses the code %(code)s.", code=code), "code")


def head_candidates() -> list:
    """Who may head a home unit: active faculty members, by name (one query)."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.FACULTY, User.is_active)
            .order_by(User.full_name, User.id)
        )
    )


def set_unit_head(unit: OrgUnit, head_id: int | None, *, actor) -> OrgUnit:
    """Mark a faculty member as the unit's head (who approves its staff visits), or nobody.

    Side effects: an `org_unit.head` audit record when it changes; flushes.
    """
    if head_id is not None and head_id not in {u.id for u in head_candidates()}:
        raise OrgUnitError(_l("Choose an active faculty member from the list."), "head_id")
    if unit.head_id == head_id:
        return unit
    before = {"head_id": unit.head_id}
    unit.head_id = head_id
    db.session.flush()
    audit.record("org_unit.head", unit, actor=actor, before=before, after={"head_id": head_id})
    db.session.flush()
    return unit


def _clean(code, name, kind, parent) -> dict:
    return dict(
        code=(code or "").strip().upper(),
        name=(name or "").strip(),
        kind=str(kind or ""),
        parent=parent,
    )


def create_org_unit(
    *, institution, code: str, name: str, kind: OrgUnitKind, parent: OrgUnit | None = None, actor
) -> OrgUnit:
    """Add a faculty, department or office to an institution."""
    data = _clean(code, name, kind, parent)
    _check(institution.id, data, None)
    unit = OrgUnit(
        institution_id=institution.id,
        code=data["code"],
        name=data["name"],
        kind=OrgUnitKind(data["kind"]),
        parent=parent,
    )
    db.session.add(unit)
    db.session.flush()
    audit.record("org_unit.create", unit, actor=actor, after=audit.snapshot(unit, ORG_UNIT_FIELDS))
    db.session.flush()
    return unit


def update_org_unit(
    unit: OrgUnit, *, code: str, name: str, kind: OrgUnitKind, parent: OrgUnit | None, actor
) -> OrgUnit:
    """Rename, recode or move a unit."""
    data = _clean(code, name, kind, parent)
    _check(unit.institution_id, data, unit)
    before = audit.snapshot(unit, ORG_UNIT_FIELDS)
    unit.code, unit.name, unit.kind = data["code"], data["name"], OrgUnitKind(data["kind"])
    unit.parent = parent
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(unit, ORG_UNIT_FIELDS))
    if new:
        audit.record("org_unit.update", unit, actor=actor, before=old, after=new)
        db.session.flush()
    return unit


# --- Form -----------------------------------------------------------------------------------


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class OrgUnitForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the unit's name.")), Length(max=200)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Enter a short code, e.g. ENG or CS.")),
            Length(max=30),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9\-_.]*$", message=_l("Use letters, digits, -, _ or . only.")
            ),
        ],
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        description=_l("Unique within the university, e.g. ENG or ENG-CS."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=OrgUnitKind.choices(),
        validators=[InputRequired(_l("Choose what kind of unit this is."))],
    )
    parent_id = SelectField(
        _l("Part of faculty"),
        coerce=_optional_int,
        validate_choice=False,  # the service explains a wrong parent better than "Not valid"
        validators=[Optional()],
        description=_l("Departments usually belong to a faculty; faculties stand alone."),
    )
    head_id = SelectField(
        _l("Head of unit"),
        coerce=_optional_int,
        validate_choice=False,  # the service names a wrong choice beside the field
        validators=[Optional()],
        description=_l("A faculty member who approves the unit's staff visit proposals."),
    )

    def fields(self) -> dict:
        """The services' keyword arguments; a parent id that is no unit is reported beside
        its field (OrgUnitError)."""
        parent = None
        if self.parent_id.data is not None:
            parent = db.session.get(OrgUnit, self.parent_id.data)
            if parent is None:
                raise OrgUnitError(_l("Choose a faculty from the list."), "parent_id")
        return dict(code=self.code.data, name=self.name.data, kind=self.kind.data, parent=parent)

    def set_choices(self, current: OrgUnit | None = None, *, institution_id: int | None = None):
        """Parents to offer: the home faculties, or those of the given (partner) institution."""
        faculties = (
            home_faculties(exclude=current)
            if institution_id is None
            else institution_faculties(institution_id, exclude=current)
        )
        self.parent_id.choices = [("", _l("None (top level)"))] + [
            (u.id, u.name) for u in faculties
        ]
        if current is not None and institution_id is None:
            self.head_id.choices = [("", _l("Nobody"))] + [
                (u.id, f"{u.full_name} ({u.email})") for u in head_candidates()
            ]
