"""Routes of the coordinator area: institutions, org units, partnerships, programs."""

from tests.access.matrix import only, route

ROUTES = [
    route("coordinator.institution_list", **only("coordinator")),
    route("coordinator.partnership_list", **only("coordinator")),
    route("coordinator.program_list", **only("coordinator")),
]
