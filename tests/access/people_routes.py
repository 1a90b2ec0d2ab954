"""Routes where staff are invited and accounts are managed (coordinator and admin areas)."""

from tests.access.matrix import only, route

ROUTES = [
    route("coordinator.person_invite", **only("coordinator")),
    route("coordinator.person_invite", "POST", **only("coordinator")),
]
