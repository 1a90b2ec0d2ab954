"""The errors application services raise when a change breaks a rule."""

from __future__ import annotations

from exchange.rules import RuleError


class ApplicationError(RuleError):
    """A change that breaks a rule. `field` names the form field; `index` the choice (0-based)
    when the problem is in one of the ranked choices, so the form can show it beside that row."""

    def __init__(self, message, field: str | None = None, index: int | None = None, items=None):
        super().__init__(message, field)
        self.index = index
        # For a refused submission: the checklist items still missing, in plain words.
        self.items: list[str] = list(items or [])


class DocumentTooLarge(ApplicationError):
    """An upload over the size limit; views answer it with the 413 page."""
