"""The one way to change a workflow state: check the table, assign, audit, flush."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from exchange import audit
from exchange.extensions import db
from exchange.rules import RuleError


@dataclass(frozen=True)
class Action:
    """A button that moves an object to another state.

    `tone` says what the move means (positive, caution, neutral, destructive); the templates
    choose how that looks. `confirm` is the question asked before a move that is hard to undo.
    """

    target: StrEnum
    label: str
    tone: str
    confirm: str | None = None


class TransitionError(RuleError):
    """A state change the workflow table does not allow."""


class Workflow:
    """A state machine: its states, the allowed moves, and the attribute that holds the state."""

    def __init__(self, name: str, transitions: Mapping[StrEnum, frozenset[StrEnum]]):
        self.name = name
        self.transitions = transitions

    def allowed(self, current: StrEnum, target: StrEnum) -> bool:
        return target in self.transitions.get(current, frozenset())

    def next_states(self, current: StrEnum) -> list[StrEnum]:
        return sorted(self.transitions.get(current, frozenset()), key=list(type(current)).index)

    def transition(
        self, obj: Any, target: StrEnum, *, actor: Any, note: str | None = None
    ) -> audit.AuditEvent:
        current = obj.state
        if not self.allowed(current, target):
            raise TransitionError(
                _l(
                    "%(name)s cannot move from %(current)s to %(target)s.",
                    name=self.name,
                    current=current.label,
                    target=target.label,
                )
            )
        obj.state = target
        event = audit.record(
            f"{self.name}.{target.value}",
            obj,
            actor=actor,
            before={"state": current.value},
            after={"state": target.value},
            note=note or None,
        )
        db.session.flush()
        return event
