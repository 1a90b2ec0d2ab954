"""Applications: a student's ranked choices, answers and documents for one call.

Importing the package connects the seat counter to every application move (seats.py) and
registers how applications use calls and programs on the hooks of exchange/programs/calls.py.
exchange/models.py imports this package, so every app and command has both.
"""

from exchange.applications import queries as _queries  # noqa: F401 - registers its answers
from exchange.applications import seats as _seats  # noqa: F401 - connects its receiver
