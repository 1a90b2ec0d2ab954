"""The expected answer of every route for every kind of visitor.

Each role area owns a module here (auth_routes, student_routes, ...) that declares its routes
with `route(...)`. tests/test_access.py walks app.url_map and fails for any rule without an
entry, so a new route cannot ship without deciding who may use it.

Outcomes: LOGIN (redirect to sign-in), FORBIDDEN (403), HIDDEN (404), OK (the page or action
is reachable: any other answer below 500 that is not one of those three).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN, FORBIDDEN, HIDDEN, OK = "login", "forbidden", "hidden", "ok"
VISITORS = ("anonymous", "student", "faculty", "coordinator", "admin")


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    expected: dict[str, str]
    # Builds the URL's values from the world fixture (objects created for the matrix).
    values: Callable[[dict], dict] = field(default=lambda world: {})
    data: Callable[[dict], dict] = field(default=lambda world: {})


def route(endpoint, method="GET", *, values=None, data=None, **expected) -> Route:
    missing = set(VISITORS) - set(expected)
    if missing:
        raise ValueError(f"{endpoint}: no expectation for {sorted(missing)}")
    return Route(endpoint, method, expected, values or (lambda w: {}), data or (lambda w: {}))


def only(role: str, *, anonymous: str = LOGIN, others: str = FORBIDDEN) -> dict[str, str]:
    """The usual shape of a role area: one role gets in, the others get 403."""
    expected = {v: others for v in VISITORS}
    expected["anonymous"] = anonymous
    expected[role] = OK
    return expected


def everyone(anonymous: str = OK) -> dict[str, str]:
    return {v: OK for v in VISITORS} | {"anonymous": anonymous}


def hidden_for(role: str) -> dict[str, str]:
    """`role` reaches the area, but the matrix's object belongs to someone else, so for them it
    does not exist (404, its existence does not leak); the other roles stop at the gate."""
    return only(role) | {role: HIDDEN}


def ids(**objects: str) -> Callable[[dict], dict]:
    """URL values naming objects of the world: ids(call_id="office_call") builds
    {"call_id": world["office_call"].id}."""
    return lambda world: {name: world[key].id for name, key in objects.items()}


class Area:
    """route() for many routes with one expectation: `coordinator = Area(only("coordinator"))`,
    then `coordinator("coordinator.call_edit", "POST", values=...)`."""

    def __init__(self, expected: dict[str, str]):
        self.expected = expected

    def __call__(self, endpoint, method="GET", *, values=None, data=None) -> Route:
        return route(endpoint, method, values=values, data=data, **self.expected)

    def form(self, endpoint, *, values=None, data=None) -> list[Route]:
        """A form's page and its POST (`data` is posted; empty, the form answers its errors)."""
        return [self(endpoint, values=values), self(endpoint, "POST", values=values, data=data)]
