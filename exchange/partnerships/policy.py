"""Who may see and change institutions and partnerships."""

from __future__ import annotations

from sqlalchemy import or_, select

from exchange.accounts.models import OrgUnit
from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.states import FINAL


def can_manage_institutions(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_create_partnership(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_view_partnership(user, partnership: Partnership) -> bool:
    if has_role(user, Role.COORDINATOR):
        return True
    if has_role(user, Role.FACULTY):
        return partnership.org_unit_id is None or partnership.org_unit_id in faculty_unit_ids(user)
    return False


def can_edit_partnership(user, partnership: Partnership) -> bool:
    return in_scope(user, partnership.org_unit_id) and partnership.state not in FINAL


def can_change_partnership_state(user, partnership: Partnership) -> bool:
    return in_scope(user, partnership.org_unit_id) and partnership.state not in FINAL


def faculty_unit_ids(user) -> set[int]:
    """A faculty member's unit, its parent faculty and the departments under it."""
    unit = user.org_unit
    if unit is None:
        return set()
    ids = {unit.id}
    if unit.parent_id:
        ids.add(unit.parent_id)
    ids.update(db.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == unit.id)))
    return ids


def visible_partnerships_clause(user):
    """A WHERE clause matching the partnerships this user may see (agrees with the policy)."""
    if has_role(user, Role.COORDINATOR):
        return True
    if has_role(user, Role.FACULTY):
        return or_(
            Partnership.org_unit_id.is_(None), Partnership.org_unit_id.in_(faculty_unit_ids(user))
        )
    return False


def can_manage_conditions(user, partnership: Partnership) -> bool:
    """Add, edit and delete cooperation conditions: whoever may edit the agreement."""
    return can_edit_partnership(user, partnership)


def can_archive_institution(user, institution) -> bool:
    """Any coordinator may archive a partner (the service still checks its agreements)."""
    return (
        has_role(user, Role.COORDINATOR) and not institution.is_home and not institution.is_archived
    )


def can_unarchive_institution(user, institution) -> bool:
    return has_role(user, Role.COORDINATOR) and institution.is_archived


def can_manage_contacts(user, institution) -> bool:
    return can_manage_institutions(user)


def can_edit_factsheet(user, institution) -> bool:
    return can_manage_institutions(user)


def can_manage_signatories(user, partnership: Partnership) -> bool:
    """Signatories and signing dates: whoever may edit the agreement."""
    return can_edit_partnership(user, partnership)


def can_upload_agreement(user, partnership: Partnership) -> bool:
    """Upload or replace the agreement's PDF: coordinators in scope, while it is not final."""
    return can_edit_partnership(user, partnership)


def can_download_agreement(user, partnership: Partnership) -> bool:
    """The signed document is for coordinators only: not students, not faculty, not admins."""
    return has_role(user, Role.COORDINATOR)
