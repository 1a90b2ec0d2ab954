"""The error a program service raises when a change breaks a rule."""

from __future__ import annotations

from exchange.rules import RuleError


class ProgramError(RuleError):
    """A change to a program that breaks a rule; the message says which."""
