"""Sign-in throttling by failures per account and per client address within a window."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, or_, select

from exchange.accounts.models import LoginAttempt
from exchange.db import utcnow
from exchange.extensions import db


def is_throttled(
    email: str, ip_address: str, *, window: timedelta, per_account: int, per_address: int
) -> bool:
    since = utcnow() - window
    email = email.strip().lower()
    by_account, by_address = db.session.execute(
        select(
            func.count().filter(LoginAttempt.email == email),
            func.count().filter(LoginAttempt.ip_address == ip_address),
        ).where(
            LoginAttempt.created_at >= since,
            or_(LoginAttempt.email == email, LoginAttempt.ip_address == ip_address),
        )
    ).one()
    return by_account >= per_account or by_address >= per_address


def record_failure(email: str, ip_address: str, *, window: timedelta) -> None:
    db.session.add(LoginAttempt(email=email.strip().lower()[:254], ip_address=ip_address[:45]))
    # Old attempts no longer count; dropping them keeps the table small.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < utcnow() - window))
    db.session.flush()


def clear_failures(email: str) -> None:
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email.strip().lower()))
