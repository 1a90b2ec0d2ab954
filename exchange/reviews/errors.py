"""Errors of the review domain, each naming the form field it concerns (or None)."""

from __future__ import annotations


class ReviewError(ValueError):
    """A change that breaks a review rule; `field` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


class ReviewConflict(ReviewError):
    """The review changed since the reviewer loaded it (another tab, another device)."""

    def __init__(self, message, review_id: int):
        super().__init__(message, None)
        self.review_id = review_id
