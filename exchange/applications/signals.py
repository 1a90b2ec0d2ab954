"""Signals other domains connect to, so that they react to applications without this package
knowing them (issue 6 frees a seat and promotes the waitlist when an offer is withdrawn).

    state_changed.connect(receiver)  # receiver(application, previous=, target=, actor=)

Receivers run inside the service's transaction: what they change commits with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()
state_changed = _signals.signal("application-state-changed")
