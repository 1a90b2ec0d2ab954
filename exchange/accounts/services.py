"""Account changes: registration, invitations, password resets, roles and deactivation.

Every change writes an audit record; services flush and leave the commit to the request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from exchange import audit
from exchange.accounts.models import (
    AccountToken,
    CoordinatorScope,
    OrgUnit,
    TokenPurpose,
    User,
    UserRole,
    user_by_email,
)
from exchange.accounts.passwords import hash_password, password_problem
from exchange.accounts.roles import Role, StudyLevel
from exchange.accounts.sessions import end_all_sessions
from exchange.db import utcnow
from exchange.extensions import db
from exchange.links import external_url
from exchange.notifications.mail import queue_mail
from exchange.rules import RuleError

USER_FIELDS = ["email", "full_name", "is_active", "org_unit_id", "student_number", "study_level",
               "gpa"]  # fmt: skip


class AccountError(RuleError):
    """A request about an account that cannot be carried out; the message says why."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _spend_tokens(user: User, purpose: TokenPurpose) -> None:
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )


def _issue_token(user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    # A new link replaces any earlier unused one of the same kind.
    _spend_tokens(user, purpose)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_token_hash(token),
            expires_at=utcnow() + lifetime,
        )
    )
    db.session.flush()
    return token


def find_valid_token(token: str, purpose: TokenPurpose) -> AccountToken | None:
    """The unused, unexpired token row for this link, or None."""
    row = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _token_hash(token), AccountToken.purpose == purpose
        )
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    if not row.user.is_active and purpose == TokenPurpose.RESET:
        return None
    return row


def _set_roles_rows(user: User, roles) -> None:
    wanted = {Role(r) for r in roles}
    user.role_rows[:] = [r for r in user.role_rows if Role(r.role) in wanted]
    have = {Role(r.role) for r in user.role_rows}
    for role in sorted(wanted - have):
        user.role_rows.append(UserRole(role=role))


def create_user(
    *,
    email: str,
    full_name: str,
    roles,
    password: str | None = None,
    org_unit: OrgUnit | None = None,
    actor: User | None = None,
    student_number: str | None = None,
    study_level: StudyLevel | None = None,
    gpa: Decimal | None = None,
    check_password: bool = True,
) -> User:
    email = email.strip().lower()
    if user_by_email(email) is not None:
        raise AccountError(_l("An account with this e-mail address already exists."), "email")
    if student_number and db.session.scalar(
        select(User.id).where(User.student_number == student_number)
    ):
        raise AccountError(_l("This student number is already registered."), "student_number")
    if password is not None and check_password:
        problem = password_problem(password, email=email, name=full_name)
        if problem:
            raise AccountError(problem, "password")
    user = User(
        email=email,
        full_name=full_name.strip(),
        password_hash=hash_password(password) if password else None,
        is_active=True,
        session_version=1,
        org_unit=org_unit,
        student_number=student_number or None,
        study_level=study_level,
        gpa=gpa,
    )
    _set_roles_rows(user, roles)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        user,
        actor=actor or user,
        after=audit.snapshot(user, USER_FIELDS) | {"roles": sorted(user.roles)},
    )
    return user


def register_student(
    *,
    email: str,
    full_name: str,
    password: str,
    student_number: str,
    org_unit: OrgUnit,
    study_level: StudyLevel,
) -> User:
    """Self-registration of a student; the student acts on their own behalf."""
    return create_user(
        email=email,
        full_name=full_name,
        password=password,
        roles=[Role.STUDENT],
        org_unit=org_unit,
        student_number=student_number.strip(),
        study_level=study_level,
    )


def invite_user(
    *, email: str, full_name: str, role: Role, org_unit: OrgUnit | None, actor: User
) -> User:
    """Create a staff account without a password and mail a link to set one.

    Side effects: an invitation token (valid INVITATION_DAYS) and a queued mail.
    """
    if role not in (Role.FACULTY, Role.COORDINATOR):
        raise AccountError(_l("Only faculty and coordinators are invited."), "role")
    user = create_user(
        email=email, full_name=full_name, roles=[role], org_unit=org_unit, actor=actor
    )
    token = _issue_token(
        user, TokenPurpose.INVITE, timedelta(days=current_app.config["INVITATION_DAYS"])
    )
    queue_mail(
        user.email,
        str(_l("You are invited to Exchange")),
        "mail/invitation.txt",
        user=user,
        inviter=actor,
        role=role,
        link=external_url("auth.accept_invitation", token=token),
        days=current_app.config["INVITATION_DAYS"],
    )
    audit.record("user.invite", user, actor=actor, after={"role": role.value})
    return user


def accept_invitation(row: AccountToken, *, password: str) -> User:
    user = row.user
    problem = password_problem(password, email=user.email, name=user.full_name)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(password)
    row.used_at = utcnow()
    audit.record("user.accept_invitation", user, actor=user)
    db.session.flush()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has this address; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        return
    token = _issue_token(
        user, TokenPurpose.RESET, timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])
    )
    queue_mail(
        user.email,
        str(_l("Reset your Exchange password")),
        "mail/password_reset.txt",
        user=user,
        link=external_url("auth.reset_password", token=token),
        hours=current_app.config["PASSWORD_RESET_HOURS"],
    )
    audit.record("user.request_reset", user, actor=user)


def reset_password(row: AccountToken, *, password: str) -> User:
    """Set a new password from a reset link. Side effects: the link is spent, sessions end."""
    user = row.user
    problem = password_problem(password, email=user.email, name=user.full_name)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(password)
    row.used_at = utcnow()
    end_all_sessions(user)
    audit.record("user.reset_password", user, actor=user)
    return user


def change_password(user: User, *, new_password: str) -> None:
    """Side effect: every session of the user ends, including the current one."""
    problem = password_problem(new_password, email=user.email, name=user.full_name)
    if problem:
        raise AccountError(problem, "new_password")
    user.password_hash = hash_password(new_password)
    _spend_tokens(user, TokenPurpose.RESET)
    end_all_sessions(user)
    audit.record("user.change_password", user, actor=user)


def set_roles(user: User, roles, *, scope_units=(), actor: User) -> None:
    roles = {Role(r) for r in roles}
    if not roles:
        raise AccountError(_l("Choose at least one role."), "roles")
    if user.id == actor.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise AccountError(_l("You cannot remove your own admin role."), "roles")
    before = {"roles": sorted(user.roles), "scopes": sorted(user.scope_unit_ids)}
    _set_roles_rows(user, roles)
    wanted_scopes = {u.id for u in scope_units} if Role.COORDINATOR in roles else set()
    user.scope_rows[:] = [s for s in user.scope_rows if s.org_unit_id in wanted_scopes]
    for unit_id in sorted(wanted_scopes - {s.org_unit_id for s in user.scope_rows}):
        user.scope_rows.append(CoordinatorScope(org_unit_id=unit_id))
    db.session.flush()
    after = {"roles": sorted(user.roles), "scopes": sorted(user.scope_unit_ids)}
    if before != after:
        audit.record("user.set_roles", user, actor=actor, before=before, after=after)


def gpa_problem(gpa: Decimal | None) -> str | None:
    """Why this GPA cannot be on record, or None; the scale comes from GPA_SCALE_MAX."""
    if gpa is None:
        return None
    top = Decimal(str(current_app.config["GPA_SCALE_MAX"]))
    if not Decimal(0) <= gpa <= top:
        return str(_l("The GPA must be between 0 and %(max)s.", max=f"{top:.2f}"))
    return None


def update_profile(user: User, *, actor: User, **fields) -> None:
    """Change the plain fields of an account (name, unit, student record)."""
    for name in fields:
        if name not in USER_FIELDS or name in ("email", "is_active"):
            raise AccountError(f"Unknown field {name}")
    fields = {name: (None if value == "" else value) for name, value in fields.items()}
    if "full_name" in fields and not (fields["full_name"] or "").strip():
        raise AccountError(_l("Enter a name."), "full_name")
    number = fields.get("student_number")
    if number and db.session.scalar(
        select(User.id).where(User.student_number == number, User.id != user.id)
    ):
        raise AccountError(_l("This student number is already registered."), "student_number")
    if fields.get("gpa") is not None:
        fields["gpa"] = Decimal(fields["gpa"]).quantize(Decimal("0.01"))
        problem = gpa_problem(fields["gpa"])
        if problem:
            raise AccountError(problem, "gpa")
    if fields.get("study_level") is not None:
        fields["study_level"] = StudyLevel(fields["study_level"])
    if (
        fields.get("org_unit_id") is not None
        and db.session.get(OrgUnit, fields["org_unit_id"]) is None
    ):
        raise AccountError(_l("Choose an existing unit."), "org_unit_id")
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(user, USER_FIELDS))
    if new:
        audit.record("user.update", user, actor=actor, before=old, after=new)


def deactivate_user(user: User, *, actor: User, reason: str | None = None) -> None:
    """Side effect: every session of the user ends at once."""
    if user.id == actor.id:
        raise AccountError(_l("You cannot deactivate your own account."))
    if not user.is_active:
        raise AccountError(_l("This account is already deactivated."))
    user.is_active = False
    end_all_sessions(user)
    audit.record(
        "user.deactivate", user, actor=actor, before={"is_active": True},
        after={"is_active": False}, note=reason,
    )  # fmt: skip


def reactivate_user(user: User, *, actor: User) -> None:
    if user.is_active:
        raise AccountError(_l("This account is already active."))
    user.is_active = True
    db.session.flush()
    audit.record(
        "user.reactivate", user, actor=actor, before={"is_active": False},
        after={"is_active": True},
    )  # fmt: skip
