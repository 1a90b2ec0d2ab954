"""Who may release results, answer offers, decide by hand and confirm placements.

Who: the owner student answers their own offer; coordinators whose scope covers the
application (exchange/applications/policy.is_coordinator_for) decide and confirm; any
coordinator releases a call's results (calls are university-wide, like editing them).
When: the application's state, the call's release, and the offer's deadline.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from exchange.applications.policy import is_coordinator_for, is_owner
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.placements.nominations.models import Nomination, PartnerAnswer
from exchange.programs.policy import can_edit_call

S = ApplicationState
# States a coordinator may decide by hand: before the offer is answered. An accepted offer
# or a placement is changed only by withdrawing or cancelling it -- except a placement the
# partner rejected (returned_by_partner below), which may be offered another destination.
DECIDABLE = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.OFFERED}
)


def is_released(call) -> bool:
    return call is not None and call.results_released_at is not None


def release_day_reached(call, today: date | None = None) -> bool:
    today = today or date.today()
    return call.results_release_on is not None and today >= call.results_release_on


def can_release(user, call) -> bool:
    """Release the call's results: a coordinator, once (later runs only finish what is left)."""
    return can_edit_call(user, call) and not is_released(call)


def offer_open(application, today: date | None = None) -> bool:
    """An offer the student may still answer: released, offered, deadline not passed."""
    today = today or date.today()
    return (
        application.state == S.OFFERED
        and is_released(application.call)
        and (application.offer_deadline is None or today <= application.offer_deadline)
    )


def can_accept(user, application, today: date | None = None) -> bool:
    return is_owner(user, application) and offer_open(application, today)


def can_decline(user, application, today: date | None = None) -> bool:
    return is_owner(user, application) and offer_open(application, today)


def can_see_result(user, application) -> bool:
    """The student's result page: the owner, once the application was submitted."""
    return is_owner(user, application) and application.submitted_at is not None


def returned_by_partner(application) -> bool:
    """A placement the partner turned down: the application is placed and its latest
    nomination, made for the program it is still placed in, was rejected by the partner
    (still open, or cancelled since). Deliberately narrow: a placement without a rejected
    nomination (none yet, pending, accepted, or one for an earlier destination) is changed
    only by withdrawing or cancelling it. Queries only for placed applications."""
    if application.state != S.PLACED or application.outcome_program_id is None:
        return False
    latest = db.session.execute(
        select(Nomination.program_id, Nomination.partner_answer)
        .where(Nomination.application_id == application.id)
        .order_by(Nomination.id.desc())
        .limit(1)
    ).first()
    return (
        latest is not None
        and latest.partner_answer == PartnerAnswer.REJECTED
        and latest.program_id == application.outcome_program_id
    )


def decidable(application) -> bool:
    """Whether the application's state lets a coordinator decide it by hand now."""
    return application.state in DECIDABLE or returned_by_partner(application)


def can_decide(user, application) -> bool:
    return (
        application.submitted_at is not None
        and decidable(application)
        and is_coordinator_for(user, application)
    )


def can_place(user, application) -> bool:
    """Approve the placement of an accepted offer."""
    return application.state == S.ACCEPTED and is_coordinator_for(user, application)
