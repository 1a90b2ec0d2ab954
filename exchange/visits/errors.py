"""What the visit services raise when a change breaks a rule."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.rules import RuleError


class VisitError(RuleError):
    """A change that breaks a rule; `field` names the form field concerned, if any."""


class VisitRulesError(VisitError):
    """The proposal breaks one or more rules; each problem names its field.

    On the form each problem stands beside its field (exchange.forms.attach_error); said
    alone, as after the Submit button of the proposal's page, the message sends there.
    """

    def __init__(self, problems):
        super().__init__(_l("The proposal cannot be submitted yet: see the fields marked below."))
        self.problems = list(problems)
