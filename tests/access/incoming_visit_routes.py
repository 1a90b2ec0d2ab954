"""Routes of the office's visit overview and incoming visitors (issue 7): coordinators only.
Faculty hosts hear of their visitors by notice and mail; students and admins stop at the gate.
"""

from tests.access.matrix import Area, ids, only

coordinator = Area(only("coordinator"))

_recorded = ids(visit_id="incoming_recorded")

ROUTES = [
    coordinator("coordinator.visit_list"),
    coordinator("coordinator.visit_staff_days"),
    coordinator("coordinator.visit_upcoming"),
    coordinator("coordinator.incoming_visit_list"),
    # Posted empty: the form answers 422 with the fields to fill.
    *coordinator.form("coordinator.incoming_visit_create"),
    coordinator("coordinator.incoming_visit_detail", values=_recorded),
    *coordinator.form("coordinator.incoming_visit_edit", values=_recorded),
    coordinator("coordinator.incoming_visit_confirm", "POST", values=_recorded),
    coordinator("coordinator.incoming_visit_complete", "POST",
                values=ids(visit_id="incoming_to_complete")),
    coordinator("coordinator.incoming_visit_cancel", "POST",
                values=ids(visit_id="incoming_to_cancel"),
                data=lambda w: {"reason": "Matrix cancellation"}),
]  # fmt: skip
