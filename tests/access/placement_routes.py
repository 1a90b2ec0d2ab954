"""Routes of results, offers and placements (issue 6). The student routes use another
student's application: for a student visitor it does not exist (404)."""

from tests.access.matrix import Area, hidden_for, ids, only

not_theirs = Area(hidden_for("student"))
coordinator = Area(only("coordinator"))

_offer = ids(application_id="placement_offer")
_review = ids(application_id="placement_review")

ROUTES = [
    not_theirs("student.application_result", values=_offer),
    not_theirs("student.offer_accept", "POST", values=_offer),
    not_theirs("student.offer_decline", "POST", values=_offer),
    coordinator("coordinator.call_results", values=ids(call_id="placement_call")),
    coordinator("coordinator.call_release", "POST", values=ids(call_id="placement_due_call")),
    coordinator("coordinator.application_place", "POST",
                values=ids(application_id="placement_accepted")),
    *coordinator.form("coordinator.application_decide", values=_review,
                      data=lambda w: {"decision": "refuse", "reason": "Matrix"}),
]  # fmt: skip
