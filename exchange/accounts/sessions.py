"""Server-side sign-in sessions: the cookie carries a random key; the row decides if it is valid."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from exchange.accounts.models import User, UserSession
from exchange.db import utcnow
from exchange.extensions import db

# Writing last_seen on every request would make every page a write; this is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User, *, ip_address: str | None, user_agent: str | None) -> str:
    """Open a session for the user and return the key to put in the cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            key_hash=_hash(key),
            session_version=user.session_version,
            ip_address=(ip_address or "")[:45] or None,
            user_agent=(user_agent or "")[:255] or None,
        )
    )
    user.last_login_at = utcnow()
    db.session.flush()
    return key


def resolve_session(
    key: str, *, idle: timedelta, absolute: timedelta, now: datetime | None = None
) -> User | None:
    """The signed-in user for a session key, or None if the session has ended for any reason."""
    now = now or utcnow()
    row = db.session.scalar(select(UserSession).where(UserSession.key_hash == _hash(key)))
    if row is None or row.revoked_at is not None:
        return None
    user = row.user
    if (
        not user.is_active
        or row.session_version != user.session_version
        or now - row.last_seen_at > idle
        or now - row.created_at > absolute
    ):
        return None
    user._session_touched = now - row.last_seen_at > TOUCH_INTERVAL
    if user._session_touched:
        row.last_seen_at = now
    user._session_key = key
    return user


def active_session_count(
    user: User, *, idle: timedelta, absolute: timedelta, now: datetime | None = None
) -> int:
    """How many browsers are signed in as this user right now (the same tests as resolve)."""
    if not user.is_active:
        return 0
    now = now or utcnow()
    return db.session.scalar(
        select(func.count())
        .select_from(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
            UserSession.session_version == user.session_version,
            UserSession.last_seen_at >= now - idle,
            UserSession.created_at >= now - absolute,
        )
    )


def revoke_session(key: str) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.key_hash == _hash(key), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_all_sessions(user: User) -> None:
    """Raise the session version so that every existing session of the user stops working."""
    user.session_version += 1
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.flush()
