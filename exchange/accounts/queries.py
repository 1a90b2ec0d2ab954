"""List queries for accounts: the admin's user list and the home institution's units."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.roles import Role
from exchange.extensions import db


def home_org_units() -> list[OrgUnit]:
    """Faculties and departments of the home institution, by name."""
    from exchange.partnerships.models import Institution

    return list(
        db.session.scalars(
            select(OrgUnit)
            .join(Institution, OrgUnit.institution_id == Institution.id)
            .where(Institution.is_home)
            .order_by(OrgUnit.name)
        )
    )


def users_query(
    *, search: str | None = None, role: Role | None = None, active: bool | None = None
) -> Select:
    """Users matching a name or e-mail fragment, a role and an active state, by name."""
    query = select(User)
    if search:
        needle = search.strip().lower()
        query = query.where(
            or_(
                func.lower(User.full_name).contains(needle, autoescape=True),
                User.email.contains(needle, autoescape=True),
            )
        )
    if role is not None:
        query = query.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role)))
        )
    if active is not None:
        query = query.where(User.is_active.is_(active))
    return query.order_by(func.lower(User.full_name), User.id)
