"""Who may do what with notices. Plain functions: used by views, templates and tests."""

from __future__ import annotations


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_list_notices(user) -> bool:
    """Everyone who is signed in has a notices page, whatever their roles."""
    return _signed_in(user)


def can_open_notice(user, notice) -> bool:
    """A notice is its recipient's alone; to anyone else it does not exist (404)."""
    return _signed_in(user) and notice is not None and notice.recipient_id == user.id
