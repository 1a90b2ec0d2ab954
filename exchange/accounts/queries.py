"""List queries for accounts: the admin's user list and the home institution's units."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, or_, select

from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.org_units import home_units
from exchange.accounts.roles import Role
from exchange.audit import AuditEvent
from exchange.extensions import db


def home_org_units() -> list[OrgUnit]:
    """Faculties and departments of the home institution, by name."""
    return home_units()


def home_unit(unit_id: int | None) -> OrgUnit | None:
    """The home institution's unit with this id; None for a partner's unit or none at all."""
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    return unit if unit is not None and unit.institution.is_home else None


def users_query(
    *, search: str | None = None, role: Role | None = None, active: bool | None = None
) -> Select:
    """Users matching a name or e-mail fragment, a role and an active state, by name."""
    query = select(User)
    if search:
        query = query.where(name_or_email_matches(search))
    if role is not None:
        query = query.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role)))
        )
    if active is not None:
        query = query.where(User.is_active.is_(active))
    return query.order_by(func.lower(User.full_name), User.id)


def name_or_email_matches(search: str):
    """Users whose name or e-mail contains the fragment, whatever its case."""
    needle = search.strip().lower()
    return or_(
        func.lower(User.full_name).contains(needle, autoescape=True),
        User.email.contains(needle, autoescape=True),
    )


def user_ids_matching(search: str) -> Select:
    """The ids of the users whose name or e-mail contains the fragment (a subquery)."""
    return select(User.id).where(name_or_email_matches(search))


def units_by_ids(ids) -> list[OrgUnit]:
    """These org units, by name."""
    if not ids:
        return []
    return list(
        db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)).order_by(OrgUnit.name))
    )


def account_trail(user: User, limit: int) -> list[AuditEvent]:
    """Changes made to this account and by this person, newest first."""
    about_user = and_(AuditEvent.object_type == User.__tablename__, AuditEvent.object_id == user.id)
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(or_(about_user, AuditEvent.actor_id == user.id))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )


def accounts_by_role() -> dict[Role, int]:
    """How many accounts hold each role."""
    counts = db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role))
    return {Role(role): n for role, n in counts}


def inactive_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.is_active.is_(False))
    )


def newest_users(limit: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).order_by(User.created_at.desc(), User.id.desc()).limit(limit)
        )
    )
