"""Routes of the faculty area beyond the dashboard (which core_routes declares)."""

from tests.access.matrix import Area, hidden_for, ids, only

faculty = Area(only("faculty"))

ROUTES = [
    faculty("faculty.partnership_detail", values=ids(partnership_id="partnership")),
    # Another unit's agreement does not exist for this faculty member.
    Area(hidden_for("faculty"))(
        "faculty.partnership_detail", values=ids(partnership_id="foreign_partnership")
    ),
    faculty("faculty.program_list"),
]
