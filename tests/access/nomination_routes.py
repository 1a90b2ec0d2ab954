"""Routes of nominations to partners (issue 6): coordinators only; the exports too."""

from tests.access.matrix import only, route


def _nomination(w):
    return {"nomination_id": w["nomination"].id}


def _status(w):
    return {"nomination_id": w["nomination"].id, "target": "cancelled"}


ROUTES = [
    route("coordinator.nomination_list", **only("coordinator")),
    route("coordinator.nomination_export_csv", **only("coordinator")),
    route("coordinator.nomination_export_json", **only("coordinator")),
    route("coordinator.nomination_create", values=lambda w: {
        "application_id": w["to_nominate"].id}, **only("coordinator")),
    route("coordinator.nomination_create", "POST", values=lambda w: {
        "application_id": w["to_nominate"].id}, data=lambda w: {
        "planned_arrival": "2026-09-01", "planned_departure": "2027-01-31"},
        **only("coordinator")),
    route("coordinator.nomination_detail", values=_nomination, **only("coordinator")),
    route("coordinator.nomination_dates", "POST", values=_nomination, data=lambda w: {
        "planned_arrival": "2026-09-02", "planned_departure": "2027-01-30"},
        **only("coordinator")),
    route("coordinator.nomination_answer", "POST", values=_nomination, data=lambda w: {
        "answer": "accepted", "answered_on": "2026-01-01"}, **only("coordinator")),
    route("coordinator.nomination_status", "POST", values=_status,
          data=lambda w: {"note": "Matrix cancels."}, **only("coordinator")),
]  # fmt: skip
