"""Questions a lower domain asks and a higher domain answers, so that imports only point down.

The layers (tests/test_layers.py) let programs import partnerships but never the reverse, yet
an agreement may not lose the years its programs run in. So partnerships declares a Hook and
programs registers its answer on it. A domain registers its answers when its package is
imported, and exchange/models.py imports every domain package, so every app, command and test
has all of them; tests/test_layers.py checks that no hook is left without an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HOOKS: list[Hook] = []


class Hook:
    """A named question; the functions registered for it are asked in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.answers: list[Callable[..., Any]] = []
        HOOKS.append(self)

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Add an answer (usable as a decorator); registering the same function twice is a no-op."""
        if function not in self.answers:
            self.answers.append(function)
        return function

    def ask(self, *args, **kwargs) -> list[Any]:
        """Every answer's reply."""
        return [answer(*args, **kwargs) for answer in self.answers]

    def first(self, *args, **kwargs) -> Any:
        """The first reply that is not None (a refusal, say), or None."""
        for answer in self.answers:
            reply = answer(*args, **kwargs)
            if reply is not None:
                return reply
        return None

    def any(self, *args, **kwargs) -> bool:
        """Whether some answer replies true; stops at the first that does."""
        return any(answer(*args, **kwargs) for answer in self.answers)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.answers)} answers>"
