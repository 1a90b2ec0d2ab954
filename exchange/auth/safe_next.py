"""Only same-site paths are acceptable as a `next` redirect after sign-in."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """The target when it is a path on this site, else None."""
    if not target:
        return None
    target = target.strip()
    # Browsers treat a backslash like a slash, so "/\evil.example" is another host.
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
