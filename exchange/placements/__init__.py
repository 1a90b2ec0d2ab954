"""Placements (issue 6): seats, the release of results, offers, waitlist promotion, decisions.

Importing the package connects the receiver that promotes the waitlist when a seat is freed
(exchange/models.py imports it, so every app and command has it). The seat count itself is
kept by exchange/applications/seats.py, below both selection and placements.
"""

from exchange.placements import promotion as _promotion  # noqa: F401 - connects its receiver
