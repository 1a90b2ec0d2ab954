"""Programs: calls for applications opened under a partnership.

Importing the package registers what programs refuse an agreement to lose (its years, the
places its calls offer) on the hooks of exchange/partnerships/services.py; exchange/models.py
imports this package in every app and command.
"""

from exchange.programs import quota_rule as _quota_rule  # noqa: F401 - registers its answers
from exchange.programs import services as _services  # noqa: F401 - registers its answers
