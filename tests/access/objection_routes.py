"""Routes of objections to results and of the placement dashboard (issue 6).

The student's objection page answers 404 for another student's application (the matrix's
is someone else's); coordinators in scope answer objections; other roles stop at the gates.
"""

from tests.access.matrix import Area, hidden_for, ids, only

coordinator = Area(only("coordinator"))

_call = ids(call_id="objection_call")
_objection = ids(objection_id="objection")

ROUTES = [
    *Area(hidden_for("student")).form("student.application_objection",
                                      values=ids(application_id="objection_application"),
                                      data=lambda w: {"reason": "Not mine."}),
    coordinator("coordinator.objection_list", values=_call),
    *coordinator.form("coordinator.objection_detail", values=_objection,
                      data=lambda w: {"outcome": "rejected", "answer": "The result stands."}),
    coordinator("coordinator.placement_dashboard", values=_call),
]  # fmt: skip
