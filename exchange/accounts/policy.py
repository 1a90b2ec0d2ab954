"""Who may do what with accounts. Plain functions: used by views, templates and tests."""

from __future__ import annotations

from exchange.accounts.models import User
from exchange.accounts.roles import Role, has_role


def can_enter_area(user, role: Role) -> bool:
    """The role gate of each role area: students for /student, and so on."""
    return has_role(user, role)


def can_manage_users(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_invite(user, role: Role | None = None) -> bool:
    """Admins invite faculty and coordinators; coordinators invite faculty and coordinators too."""
    if role is not None and role not in (Role.FACULTY, Role.COORDINATOR):
        return False
    return has_role(user, Role.ADMIN, Role.COORDINATOR)


def can_change_roles(user, target: User) -> bool:
    return has_role(user, Role.ADMIN)


def can_edit_profile(user, target: User) -> bool:
    """Admins correct names, units and student records; people cannot edit their own record."""
    return has_role(user, Role.ADMIN)


def can_deactivate(user, target: User) -> bool:
    return has_role(user, Role.ADMIN) and target.id != user.id and target.is_active


def can_reactivate(user, target: User) -> bool:
    return has_role(user, Role.ADMIN) and not target.is_active


def can_view_audit(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_manage_mail(user) -> bool:
    """See the mail outbox and retry what has not been delivered."""
    return has_role(user, Role.ADMIN)


def home_endpoint(user) -> str:
    """Where a signed-in person lands: the area of their most involved role."""
    for role, endpoint in (
        (Role.COORDINATOR, "coordinator.dashboard"),
        (Role.ADMIN, "admin.dashboard"),
        (Role.FACULTY, "faculty.dashboard"),
        (Role.STUDENT, "student.dashboard"),
    ):
        if has_role(user, role):
            return endpoint
    # Not "auth.login": a signed-in person without a role would bounce between it and here.
    return "auth.account"
