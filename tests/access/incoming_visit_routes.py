"""Routes of the office's visit overview and incoming visitors (issue 7): coordinators only.
Faculty hosts hear of their visitors by notice and mail; students and admins stop at the gate.
"""

from tests.access.matrix import only, route


def _recorded(w):
    return {"visit_id": w["incoming_recorded"].id}


def _to_cancel(w):
    return {"visit_id": w["incoming_to_cancel"].id}


def _to_complete(w):
    return {"visit_id": w["incoming_to_complete"].id}


ROUTES = [
    route("coordinator.visit_list", **only("coordinator")),
    route("coordinator.visit_staff_days", **only("coordinator")),
    route("coordinator.visit_upcoming", **only("coordinator")),
    route("coordinator.incoming_visit_list", **only("coordinator")),
    route("coordinator.incoming_visit_create", **only("coordinator")),
    # Empty: the form answers 422 with the fields to fill.
    route("coordinator.incoming_visit_create", "POST", **only("coordinator")),
    route("coordinator.incoming_visit_detail", values=_recorded, **only("coordinator")),
    route("coordinator.incoming_visit_edit", values=_recorded, **only("coordinator")),
    route("coordinator.incoming_visit_edit", "POST", values=_recorded, **only("coordinator")),
    route("coordinator.incoming_visit_confirm", "POST", values=_recorded, **only("coordinator")),
    route(
        "coordinator.incoming_visit_complete", "POST", values=_to_complete, **only("coordinator")
    ),  # fmt: skip
    route(
        "coordinator.incoming_visit_cancel",
        "POST",
        values=_to_cancel,
        data=lambda w: {"reason": "Matrix cancellation"},
        **only("coordinator"),
    ),  # fmt: skip
]
