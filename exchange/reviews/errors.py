"""Errors of the review domain, each naming the form field it concerns (or None)."""

from __future__ import annotations

from exchange.rules import ConflictError, RuleError


class ReviewError(RuleError):
    """A change that breaks a review rule; `field` names the form field."""


class ReviewConflict(ReviewError, ConflictError):
    """The review changed since the reviewer loaded it (another tab, another device): 409."""

    def __init__(self, message, review_id: int):
        super().__init__(message, None)
        self.review_id = review_id
