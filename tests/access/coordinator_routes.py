"""Routes of the coordinator area."""

from tests.access.matrix import only, route

ROUTES = [
    route("coordinator.institution_list", **only("coordinator")),
    route("coordinator.partnership_list", **only("coordinator")),
    route("coordinator.program_list", **only("coordinator")),
    route("coordinator.person_invite", **only("coordinator")),
    route("coordinator.person_invite", "POST", **only("coordinator")),
]
