"""The engine is pure: its tests need no app, database or mail server."""

import pytest


@pytest.fixture(autouse=True)
def _context():
    """Replace the suite-wide app/database fixture: nothing here touches either."""
    yield
