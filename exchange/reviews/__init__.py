"""Faculty reviews of applications: the rubric of a call, assignments, the review phase.

Importing the package registers the assigned reviewer as a reader of applications
(exchange/applications/policy.py asks; exchange/models.py imports this package in every app).
"""

from exchange.reviews import policy as _policy  # noqa: F401 - registers its answers
