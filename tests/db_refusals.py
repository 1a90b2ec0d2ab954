"""The database's own refusals: a constraint that holds whatever the code does."""

import pytest
from sqlalchemy.exc import IntegrityError

from exchange.extensions import db


def refused_by_database(*added) -> None:
    """Flushing the session (after adding `added`) breaks a database constraint; the session
    is rolled back for the rest of the test."""
    db.session.add_all(added)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
