"""Server-side sessions and sign-in throttling, below the views."""

from datetime import timedelta

from exchange.accounts import throttle
from exchange.accounts.sessions import (
    active_session_count,
    end_all_sessions,
    resolve_session,
    revoke_session,
    start_session,
)
from exchange.db import utcnow
from tests import factories as f

IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=12)
WINDOW = timedelta(minutes=15)


def _resolve(key, now=None):
    return resolve_session(key, idle=IDLE, absolute=ABSOLUTE, now=now)


def test_start_session_returns_a_key_that_resolves_to_the_user():
    person = f.student()
    key = start_session(person, ip_address="10.0.0.1", user_agent="pytest")
    assert _resolve(key) is person
    assert person.last_login_at is not None


def test_unknown_key_resolves_to_nobody():
    assert _resolve("made-up-key") is None


def test_revoked_session_no_longer_resolves():
    key = start_session(f.student(), ip_address=None, user_agent=None)
    revoke_session(key)
    assert _resolve(key) is None


def test_end_all_sessions_ends_every_key_of_the_user_only():
    person, other = f.student(), f.student()
    keys = [start_session(person, ip_address=None, user_agent=None) for _ in range(2)]
    other_key = start_session(other, ip_address=None, user_agent=None)

    end_all_sessions(person)

    assert [_resolve(k) for k in keys] == [None, None]
    assert _resolve(other_key) is other


def test_session_of_a_deactivated_user_does_not_resolve():
    person = f.student()
    key = start_session(person, ip_address=None, user_agent=None)
    person.is_active = False
    assert _resolve(key) is None


def test_session_resolves_until_idle_then_ends():
    key = start_session(f.student(), ip_address=None, user_agent=None)
    assert _resolve(key, now=utcnow() + IDLE - timedelta(seconds=5)) is not None
    # That request was activity, so idleness counts from it.
    assert _resolve(key, now=utcnow() + 2 * IDLE - timedelta(seconds=10)) is not None
    assert _resolve(key, now=utcnow() + 4 * IDLE) is None


def test_session_ends_at_the_absolute_limit():
    key = start_session(f.student(), ip_address=None, user_agent=None)
    assert _resolve(key, now=utcnow() + ABSOLUTE + timedelta(seconds=1)) is None


def test_active_session_count_counts_only_live_sessions():
    person = f.student()
    start_session(person, ip_address=None, user_agent=None)
    revoke_session(start_session(person, ip_address=None, user_agent=None))
    start_session(f.student(), ip_address=None, user_agent=None)
    assert active_session_count(person, idle=IDLE, absolute=ABSOLUTE) == 1
    assert active_session_count(person, idle=IDLE, absolute=ABSOLUTE, now=utcnow() + ABSOLUTE) == 0


def _throttled(email, address="10.0.0.1", per_account=3, per_address=5):
    return throttle.is_throttled(
        email, address, window=WINDOW, per_account=per_account, per_address=per_address
    )


def test_throttle_counts_failures_per_account_case_insensitively():
    for _ in range(3):
        throttle.record_failure("Omar@Example.edu", "10.0.0.1", window=WINDOW)
    assert _throttled("omar@example.edu", address="10.9.9.9") is True
    assert _throttled("layla@example.edu", address="10.9.9.9") is False


def test_throttle_counts_failures_per_address():
    for n in range(5):
        throttle.record_failure(f"user{n}@example.edu", "10.0.0.1", window=WINDOW)
    assert _throttled("fresh@example.edu") is True
    assert _throttled("fresh@example.edu", address="10.0.0.2") is False


def test_clear_failures_forgets_the_account():
    for _ in range(3):
        throttle.record_failure("omar@example.edu", "10.0.0.1", window=WINDOW)
    throttle.clear_failures("omar@example.edu")
    assert _throttled("omar@example.edu") is False
