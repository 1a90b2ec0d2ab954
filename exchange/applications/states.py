"""Application states, the moves between them, and what each state means to the student.

The whole life of an application is declared here, including the review (issue 5) and the
offer and placement states (issue 6), so that later workflows add services, not states:

    draft -> submitted -> under_review -> selected | waitlisted | not_selected
          (a committed selection run; hidden from the student until the call's release date)
    selected -> offered (released) -> accepted -> placed
    offered -> declined | expired          waitlisted / not_selected -> selected | offered
                                            (promotion, an upheld objection, a second round)
    placed -> offered (another destination, once the partner rejected the nomination)
    any non-final state -> withdrawn (by the student) | cancelled (by the office)
    submitted -> draft (reopened by the student before the deadline, if the call allows it)

A placed student may still withdraw (the seat is then freed); withdrawn, cancelled, declined
and expired are final. Each state carries its label, badge colour, and for the student an
explanation and a next step in plain words; next steps may use %(deadline)s.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum
from exchange.workflow import Workflow


class ApplicationState(LabelledEnum):
    def __new__(
        cls, value: str, label=None, badge: str = "secondary", explanation="", next_step=""
    ):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label if label is not None else value
        obj.badge = badge
        obj._explanation = explanation
        obj._next_step = next_step
        return obj

    DRAFT = (
        "draft", _l("Draft"), "secondary",
        _l("Draft — only you can see it."),
        _l("Complete the checklist and submit it before %(deadline)s."),
    )  # fmt: skip
    SUBMITTED = (
        "submitted", _l("Submitted"), "primary",
        _l("Submitted — the international office has received your application."),
        _l("Nothing to do for now. The office checks applications after the deadline, "
           "%(deadline)s; you will get a mail when there is news."),
    )  # fmt: skip
    UNDER_REVIEW = (
        "under_review", _l("Under review"), "info",
        _l("Under review — your application is being assessed."),
        _l("Nothing to do for now; you will get a mail when the results are released."),
    )  # fmt: skip
    SELECTED = (
        "selected", _l("Selected"), "info",
        _l("Selected — a place has been set aside for you; the result is not released yet."),
        _l("You will get a mail with the offer when the results are released."),
    )  # fmt: skip
    WAITLISTED = (
        "waitlisted", _l("Waitlisted"), "warning",
        _l("On the waiting list — every destination you chose is full for now."),
        _l("If a place is freed you get an offer by mail, with a deadline to answer."),
    )  # fmt: skip
    NOT_SELECTED = (
        "not_selected", _l("Not selected"), "dark",
        _l("Not selected — there was no place for you in this call."),
        _l("Read the explanation of the result; you may object within the stated window."),
    )  # fmt: skip
    OFFERED = (
        "offered", _l("Offered"), "success",
        _l("Offered — you have been offered a place."),
        _l("Accept or decline the offer before %(deadline)s; otherwise it expires."),
    )  # fmt: skip
    ACCEPTED = (
        "accepted", _l("Accepted"), "success",
        _l("Accepted — you accepted the offer; the office confirms your placement."),
        _l("Nothing to do for now; the office confirms your placement and nominates you."),
    )  # fmt: skip
    PLACED = (
        "placed", _l("Placed"), "success",
        _l("Placed — your place is confirmed."),
        _l("The office nominates you to the partner and tells you the next steps."),
    )  # fmt: skip
    DECLINED = (
        "declined", _l("Declined"), "dark",
        _l("Declined — you declined the offer."),
        _l("Nothing more to do in this call."),
    )  # fmt: skip
    EXPIRED = (
        "expired", _l("Offer expired"), "dark",
        _l("Offer expired — the offer was not answered before its deadline."),
        _l("Nothing more to do in this call; contact the office if this is a mistake."),
    )  # fmt: skip
    WITHDRAWN = (
        "withdrawn", _l("Withdrawn"), "dark",
        _l("Withdrawn — you withdrew this application."),
        _l("Nothing more to do in this call."),
    )  # fmt: skip
    CANCELLED = (
        "cancelled", _l("Cancelled"), "danger",
        _l("Cancelled by the international office."),
        _l("Contact the office if you have questions."),
    )  # fmt: skip

    @property
    def explanation(self) -> str:
        return str(self._explanation)

    @property
    def next_step(self) -> str:
        return self.next_step_before(None)

    def next_step_before(self, deadline: date | None) -> str:
        """The next step, with the deadline filled in ("the deadline" when none is known)."""
        when = deadline.isoformat() if deadline else str(_l("the deadline"))
        return str(self._next_step) % {"deadline": when}


S = ApplicationState
TRANSITIONS = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN, S.CANCELLED}),
    S.SUBMITTED: frozenset(
        {
            S.DRAFT,
            S.UNDER_REVIEW,
            S.SELECTED,
            S.WAITLISTED,
            S.NOT_SELECTED,
            S.WITHDRAWN,
            S.CANCELLED,
        }
    ),  # fmt: skip
    S.UNDER_REVIEW: frozenset({S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.WITHDRAWN, S.CANCELLED}),
    # Decisions of a committed run may be changed by hand or reset before their release.
    S.SELECTED: frozenset(
        {S.OFFERED, S.WAITLISTED, S.NOT_SELECTED, S.UNDER_REVIEW, S.WITHDRAWN, S.CANCELLED}
    ),
    S.WAITLISTED: frozenset(
        {S.SELECTED, S.OFFERED, S.NOT_SELECTED, S.UNDER_REVIEW, S.WITHDRAWN, S.CANCELLED}
    ),
    S.NOT_SELECTED: frozenset(
        {S.SELECTED, S.OFFERED, S.WAITLISTED, S.UNDER_REVIEW, S.WITHDRAWN, S.CANCELLED}
    ),
    S.OFFERED: frozenset({S.ACCEPTED, S.DECLINED, S.EXPIRED, S.WITHDRAWN, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.PLACED, S.WITHDRAWN, S.CANCELLED}),
    # A partner that rejects the nomination returns the placed student to the office, which
    # may offer another destination (exchange/placements/decisions.py; the policy allows it only
    # after such a rejection). Both states hold a seat: the decision moves it, the receiver not.
    S.PLACED: frozenset({S.OFFERED, S.WITHDRAWN, S.CANCELLED}),
    S.DECLINED: frozenset(),
    S.EXPIRED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CANCELLED: frozenset(),
}

FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
# The student may change the content only while it is a draft; submission freezes it.
EDITABLE = frozenset({S.DRAFT})
# Anything not final may be withdrawn, including a placement (which frees the seat).
WITHDRAWABLE = frozenset(S) - FINAL
# In the selection process: sent to the office and not over.
ACTIVE = WITHDRAWABLE - EDITABLE
# Decisions of a committed run, which students see only once the call's results are released.
DECISIONS = frozenset({S.SELECTED, S.WAITLISTED, S.NOT_SELECTED})
# States that hold a seat of the outcome program (issue 6 counts them against the seats; a
# committed run's selection sets a seat aside before its release).
HOLDING_SEAT = frozenset({S.SELECTED, S.OFFERED, S.ACCEPTED, S.PLACED})

application_workflow = Workflow("application", TRANSITIONS)


def state_for_student(state: ApplicationState, *, released: bool) -> ApplicationState:
    """What the student may see: an unreleased decision still reads as "under review"."""
    if state in DECISIONS and not released:
        return S.UNDER_REVIEW
    return state


class DocumentStatus(LabelledEnum):
    CURRENT = "current", _l("Current"), "success"
    REJECTED = "rejected", _l("Rejected — replace it"), "danger"
    REPLACED = "replaced", _l("Replaced"), "secondary"


class ContentType(LabelledEnum):
    """The file types an application accepts, recognised by their first bytes."""

    PDF = "application/pdf", _l("PDF")
    PNG = "image/png", _l("PNG image")
    JPEG = "image/jpeg", _l("JPEG image")

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}[self.value]
