"""The one base of every domain rule error, so views handle them all alike.

A service raises a RuleError when a change breaks a rule; `field` names the form field the
message belongs beside (None: above the form, or as a flash on a button). The view toolkit
(exchange/web.py) rolls the service's work back to its savepoint and shows the message.
"""

from __future__ import annotations


class RuleError(ValueError):
    """A change that breaks a rule; `field` names the form field it concerns (or None)."""

    status = 422

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


class ConflictError(RuleError):
    """The record changed since the person loaded it (another tab, another person): 409."""

    status = 409
