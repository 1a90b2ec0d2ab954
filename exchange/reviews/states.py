"""The words of reviews: recommendations, the state of a review and of an assignment, and
the review phase of a call."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class Recommendation(LabelledEnum):
    """A reviewer's overall recommendation, strongest support first."""

    STRONGLY_SUPPORT = "strongly_support", _l("Strongly support"), "success"
    SUPPORT = "support", _l("Support"), "success"
    NEUTRAL = "neutral", _l("Neutral"), "secondary"
    RESERVATIONS = "reservations", _l("Support with reservations"), "warning"
    DO_NOT_SUPPORT = "do_not_support", _l("Do not support"), "danger"


class ReviewStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft"), "secondary"
    SUBMITTED = "submitted", _l("Submitted"), "success"


class AssignmentStatus(LabelledEnum):
    ACTIVE = "active", _l("Assigned"), "primary"
    # Kept for the record: the reviewer declared a conflict of interest and was replaced.
    CONFLICTED = "conflicted", _l("Conflict of interest"), "warning"


class ReviewPhase(LabelledEnum):
    """Where a call stands in its review phase (see exchange/reviews/phase.py)."""

    NOT_PLANNED = "not_planned", _l("Not planned"), "secondary"
    SCHEDULED = "scheduled", _l("Scheduled"), "info"
    OPEN = "open", _l("Open"), "success"
    CLOSED = "closed", _l("Closed"), "dark"
