"""The error placement services raise when a change breaks a rule."""

from __future__ import annotations

from exchange.rules import RuleError


class PlacementError(RuleError):
    """A refused offer answer, release or decision; `field` names the form field, if any."""
