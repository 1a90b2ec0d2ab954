"""Users, roles, coordinator scopes, server-side sessions, one-time tokens and org units."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.accounts.roles import OrgUnitKind, Role, StudyLevel
from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.extensions import db


class OrgUnit(TimestampMixin, db.Model):
    """A faculty, department or office of an institution (the home one, or a partner's)."""

    __tablename__ = "org_units"
    __table_args__ = (
        UniqueConstraint("institution_id", "code"),
        CheckConstraint(sql_in("kind", OrgUnitKind.values()), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgUnitKind] = mapped_column(
        EnumString(OrgUnitKind, 20), default=OrgUnitKind.DEPARTMENT
    )
    # The unit's head (dean, head of department): approves the unit step of visit proposals.
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )

    institution = relationship("Institution", back_populates="org_units")
    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], lazy="joined", join_depth=1)
    head = relationship("User", foreign_keys=[head_id])

    @property
    def display_name(self) -> str:
        if self.parent is not None:
            return f"{self.name} ({self.parent.name})"
        return self.name

    def __str__(self) -> str:
        return self.name


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(sql_in("role", Role.values()), name="role_known"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(EnumString(Role, 20), primary_key=True)


class CoordinatorScope(db.Model):
    """Limits a coordinator to some org units; a coordinator with none is university-wide."""

    __tablename__ = "coordinator_scopes"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    org_unit_id: Mapped[int] = mapped_column(
        ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True
    )


class User(TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint(
            "study_level IS NULL OR " + sql_in("study_level", StudyLevel.values()),
            name="study_level_known",
        ),
        CheckConstraint("gpa IS NULL OR gpa >= 0", name="gpa_not_negative"),
        CheckConstraint("session_version >= 1", name="session_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so that the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raising it ends every session the user has (password change, deactivation).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    student_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    study_level: Mapped[StudyLevel | None] = mapped_column(EnumString(StudyLevel, 1))
    gpa: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))

    org_unit: Mapped[OrgUnit | None] = relationship(lazy="joined", foreign_keys=[org_unit_id])
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    scope_rows: Mapped[list[CoordinatorScope]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login needs these three; is_active is the column above.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str | None:
        # Flask-Login stores whatever this returns; we store the server-side session key.
        return getattr(self, "_session_key", None)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def scope_unit_ids(self) -> frozenset[int]:
        return frozenset(s.org_unit_id for s in self.scope_rows)

    @property
    def sorted_roles(self) -> list[Role]:
        return [r for r in Role if r in self.roles]

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(db.Model):
    """One signed-in browser. Signing out revokes it, so a copied cookie stops working."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship(lazy="joined")


class TokenPurpose(StrEnum):
    RESET = "reset"
    INVITE = "invite"


class AccountToken(db.Model):
    """A one-time token sent by mail (password reset, invitation); only its hash is stored."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint(sql_in("purpose", [p.value for p in TokenPurpose]), name="purpose_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(EnumString(TokenPurpose, 20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(db.Model):
    """A failed sign-in, counted per account and per client address for throttling."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip_address: Mapped[str] = mapped_column(String(45), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))
