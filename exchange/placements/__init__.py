"""Placements (issue 6): seats, the release of results, offers, waitlist promotion, decisions.

Importing the package connects the receivers that keep the seat count and promote the
waitlist (exchange/models.py imports it, so every app and command has them).
"""

from exchange.placements import promotion as _promotion  # noqa: F401 - connects its receiver
from exchange.placements import seats as _seats  # noqa: F401 - connects its receiver
