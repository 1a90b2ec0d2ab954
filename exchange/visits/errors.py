"""What the visit services raise when a change breaks a rule."""

from __future__ import annotations

from exchange.rules import RuleError


class VisitError(RuleError):
    """A change that breaks a rule; `field` names the form field concerned, if any."""


class VisitRulesError(VisitError):
    """The proposal breaks one or more rules; each problem names its field."""

    def __init__(self, problems):
        super().__init__("; ".join(p.message for p in problems), None)
        self.problems = list(problems)
