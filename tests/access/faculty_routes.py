"""Routes of the faculty area beyond the dashboard (which core_routes declares)."""

from tests.access.matrix import HIDDEN, only, route


def _partnership(w):
    return {"partnership_id": w["partnership"].id}


def _foreign(w):
    return {"partnership_id": w["foreign_partnership"].id}


ROUTES = [
    route("faculty.partnership_detail", values=_partnership, **only("faculty")),
    # Another unit's agreement does not exist for this faculty member.
    route("faculty.partnership_detail", values=_foreign, **(only("faculty") | {"faculty": HIDDEN})),
    route("faculty.program_list", **only("faculty")),
]
