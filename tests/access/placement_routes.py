"""Routes of results, offers and placements (issue 6). The student routes use another
student's application: for a student visitor it does not exist (404)."""

from tests.access.matrix import FORBIDDEN, HIDDEN, LOGIN, only, route

HIDDEN_FOR_STUDENTS = dict(anonymous=LOGIN, student=HIDDEN, faculty=FORBIDDEN,
                           coordinator=FORBIDDEN, admin=FORBIDDEN)  # fmt: skip


def _offer(w):
    return {"application_id": w["placement_offer"].id}


ROUTES = [
    route("student.application_result", values=_offer, **HIDDEN_FOR_STUDENTS),
    route("student.offer_accept", "POST", values=_offer, **HIDDEN_FOR_STUDENTS),
    route("student.offer_decline", "POST", values=_offer, **HIDDEN_FOR_STUDENTS),
    route("coordinator.call_results",
          values=lambda w: {"call_id": w["placement_call"].id}, **only("coordinator")),
    route("coordinator.call_release", "POST",
          values=lambda w: {"call_id": w["placement_due_call"].id}, **only("coordinator")),
    route("coordinator.application_place", "POST",
          values=lambda w: {"application_id": w["placement_accepted"].id},
          **only("coordinator")),
    route("coordinator.application_decide",
          values=lambda w: {"application_id": w["placement_review"].id}, **only("coordinator")),
    route("coordinator.application_decide", "POST",
          values=lambda w: {"application_id": w["placement_review"].id},
          data=lambda w: {"decision": "refuse", "reason": "Matrix"}, **only("coordinator")),
]  # fmt: skip
