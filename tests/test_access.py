"""Every rule in app.url_map, for every kind of visitor, answers as the matrix says."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from tests import factories as f
from tests.access import matrix
from tests.access.matrix import FORBIDDEN, HIDDEN, LOGIN, OK, VISITORS


def _all_routes() -> list[matrix.Route]:
    import tests.access as package

    routes = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.endswith("_routes"):
            routes.extend(importlib.import_module(f"tests.access.{info.name}").ROUTES)
    return routes


ROUTES = _all_routes()


def _rule_keys(app) -> set[tuple[str, str]]:
    keys = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            keys.add((rule.endpoint, method))
    return keys


def test_every_route_has_an_expectation(app):
    declared = {(r.endpoint, r.method) for r in ROUTES}
    missing = sorted(_rule_keys(app) - declared)
    assert missing == [], f"routes without an access expectation: {missing}"


def test_no_expectation_for_a_route_that_does_not_exist(app):
    stale = sorted({(r.endpoint, r.method) for r in ROUTES} - _rule_keys(app))
    assert stale == []


@pytest.fixture
def world():
    """One object of each kind, created for the matrix, owned by people other than the visitor."""
    from tests.access import world as world_module

    return world_module.build()


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return HIDDEN
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return OK


@pytest.mark.parametrize("visitor", VISITORS)
def test_access_matrix(app, client, login_as, world, visitor):
    from flask import url_for

    if visitor != "anonymous":
        login_as(world["visitors"][visitor])
    failures = []
    for r in ROUTES:
        with app.test_request_context():
            url = url_for(r.endpoint, **r.values(world))
        response = client.open(url, method=r.method, data=r.data(world))
        got = _outcome(response)
        if r.endpoint == "auth.logout" and visitor != "anonymous":
            login_as(world["visitors"][visitor])
        if got != r.expected[visitor]:
            failures.append(f"{r.method} {url}: expected {r.expected[visitor]}, got {got} "
                            f"({response.status_code})")  # fmt: skip
    assert failures == []


def test_matrix_visitors_are_distinct_people():
    world = __import__("tests.access.world", fromlist=["build"]).build()
    ids = [world["visitors"][v].id for v in VISITORS if v != "anonymous"]
    assert len(set(ids)) == len(ids)
    _ = f
