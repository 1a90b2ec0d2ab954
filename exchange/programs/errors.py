"""The error a program service raises when a change breaks a rule."""

from __future__ import annotations


class ProgramError(ValueError):
    """A change to a program that breaks a rule; the message says which."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field
