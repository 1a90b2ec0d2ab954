"""The review phase of a call: planned by its dates, started by a coordinator.

not_planned  the call has no review dates yet
scheduled    dates are set; today is before reviews_open_on, or the office has not
             opened reviews yet (it may from reviews_open_on on)
open         opened by the office and open_on <= today <= close_on: reviews can be saved
closed       after reviews_close_on: reviews are read-only and reviewers of the same
             application may read each other's
"""

from __future__ import annotations

from datetime import date

from exchange.reviews.states import ReviewPhase


def reviews_opened(call) -> bool:
    return call.review_opening is not None


def review_phase(call, today: date | None = None) -> ReviewPhase:
    """The phase on `today` (a StrEnum: compares equal to "not_planned", "open" ...)."""
    today = today or date.today()
    opens, closes = call.reviews_open_on, call.reviews_close_on
    if opens is None or closes is None:
        return ReviewPhase.NOT_PLANNED
    if today > closes:
        return ReviewPhase.CLOSED
    if today < opens or not reviews_opened(call):
        return ReviewPhase.SCHEDULED
    return ReviewPhase.OPEN


def may_open_reviews(call, today: date | None = None) -> bool:
    """The dates allow the office to open reviews now (and they are not open yet)."""
    today = today or date.today()
    opens, closes = call.reviews_open_on, call.reviews_close_on
    return (
        opens is not None
        and closes is not None
        and opens <= today <= closes
        and not reviews_opened(call)
    )
