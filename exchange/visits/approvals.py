"""Deciding on a visit proposal: the one entry both deciders use, heads of unit in the faculty
area and the office in the coordinator area, so their approval screens cannot drift apart.

What the approval page shows beside the visit comes from queries.page_facts; the page itself
is templates/visits/_approval_panel.html, included by both areas' templates.
"""

from __future__ import annotations

from exchange.visits import services
from exchange.visits.errors import VisitError
from exchange.visits.models import Visit

# The buttons of the approval page: decision -> (service, the service's name for the note).
DECISIONS = {
    "approve": (services.approve_visit, "note"),
    "return": (services.return_visit, "comments"),
    "reject": (services.reject_visit, "reason"),
}


def is_decision(value) -> bool:
    return value in DECISIONS


def decide_visit(visit: Visit, decision: str, note: str | None, *, actor) -> Visit:
    """Approve, return or reject the step the visit waits at (the caller checked can_approve).

    The note is the decision's one input, so a broken rule about the comments or the reason,
    or about the visit as a whole, is said beside it. Side effects: those of the service.
    """
    service, argument = DECISIONS[decision]
    try:
        return service(visit, actor=actor, **{argument: note})
    except VisitError as error:
        if error.field in ("comments", "reason", None):
            error.field = "note"
        raise
