"""Fixtures of the visit view tests."""

import pytest

from tests import factories as f
from tests.visits import factories as vf


@pytest.fixture
def setting():
    """A unit with its head, a faculty member proposing, and a staff agreement of 10 days."""
    unit, head = vf.unit_with_head()
    me = f.faculty(org_unit=unit, full_name="Dr. Proposer")
    partnership = vf.staff_agreement(org_unit=unit, days_sta=10)
    return {"unit": unit, "head": head, "me": me, "partnership": partnership}
