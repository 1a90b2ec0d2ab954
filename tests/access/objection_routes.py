"""Routes of objections to results and of the placement dashboard (issue 6).

The student's objection page answers 404 for another student's application (the matrix's
is someone else's); coordinators in scope answer objections; other roles stop at the gates.
"""

from tests.access.matrix import FORBIDDEN, HIDDEN, LOGIN, only, route


def _application(w):
    return {"application_id": w["objection_application"].id}


def _call(w):
    return {"call_id": w["objection_call"].id}


def _objection(w):
    return {"objection_id": w["objection"].id}


STUDENT_HIDDEN = dict(anonymous=LOGIN, student=HIDDEN, faculty=FORBIDDEN, coordinator=FORBIDDEN,
                      admin=FORBIDDEN)  # fmt: skip

ROUTES = [
    route("student.application_objection", values=_application, **STUDENT_HIDDEN),
    route("student.application_objection", "POST", values=_application,
          data=lambda w: {"reason": "Not mine."}, **STUDENT_HIDDEN),
    route("coordinator.objection_list", values=_call, **only("coordinator")),
    route("coordinator.objection_detail", values=_objection, **only("coordinator")),
    route("coordinator.objection_detail", "POST", values=_objection,
          data=lambda w: {"outcome": "rejected", "answer": "The result stands."},
          **only("coordinator")),
    route("coordinator.placement_dashboard", values=_call, **only("coordinator")),
]  # fmt: skip
