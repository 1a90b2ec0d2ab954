"""Objections and nominations register their tables here (exchange/models.py imports it), and
a withdrawn or cancelled application takes its nomination with it."""

from __future__ import annotations

from exchange.applications.signals import state_changed
from exchange.applications.states import ApplicationState
from exchange.placements.nominations.models import Nomination  # noqa: F401 - registers the table
from exchange.placements.nominations.services import cancel_with_application
from exchange.placements.objections.services import Objection  # noqa: F401 - registers the table

ENDS_NOMINATION = frozenset({ApplicationState.WITHDRAWN, ApplicationState.CANCELLED})


@state_changed.connect
def _end_nomination(application, *, previous, target, actor, **_) -> None:
    if target in ENDS_NOMINATION:
        cancel_with_application(application, actor=actor)
