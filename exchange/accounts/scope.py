"""The one scope rule: which org units a coordinator may act on.

A university-wide coordinator (no scope rows) acts on every unit and on records with no unit.
A scoped coordinator acts on the units of their scope and on the units directly under them
(a faculty and its departments), never on records without a unit. Every policy, list query
and count asks this module, so a screen, a button and a count cannot disagree.
"""

from __future__ import annotations

from sqlalchemy import false, or_, select, true

from exchange.accounts.models import OrgUnit
from exchange.accounts.roles import Role, has_role
from exchange.extensions import db


def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def is_university_wide(user) -> bool:
    """A coordinator with no scope rows: the whole university."""
    return is_coordinator(user) and not user.scope_unit_ids


def in_scope(user, org_unit_id: int | None) -> bool:
    """May this coordinator act on a record of this unit (None: a record without a unit)?"""
    if not is_coordinator(user):
        return False
    scope = user.scope_unit_ids
    if not scope:
        return True
    if org_unit_id is None:
        return False
    return org_unit_id in scope or _parent_id(org_unit_id) in scope


def _parent_id(org_unit_id: int) -> int | None:
    unit = db.session.get(OrgUnit, org_unit_id)
    return unit.parent_id if unit else None


def units_in_scope_select(user):
    """A SELECT of the ids of the units in the user's scope (with the units under them)."""
    scope = list(user.scope_unit_ids)
    return select(OrgUnit.id).where(or_(OrgUnit.id.in_(scope), OrgUnit.parent_id.in_(scope)))


def unit_clause(user, column):
    """A WHERE clause: `column` (an org unit id) is in the user's scope; agrees with in_scope."""
    if not is_coordinator(user):
        return false()
    if not user.scope_unit_ids:
        return true()
    return column.in_(units_in_scope_select(user))
