"""The error placement services raise when a change breaks a rule."""

from __future__ import annotations


class PlacementError(ValueError):
    """A refused offer answer, release or decision; `field` names the form field, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field
