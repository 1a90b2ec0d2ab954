"""The objects the access matrix needs for routes with ids in their URLs."""

from __future__ import annotations

from exchange.accounts.roles import Role
from tests import factories as f


def build() -> dict:
    unit = f.org_unit(name="Department of Physics")
    visitors = {
        "student": f.student(org_unit=unit),
        "faculty": f.faculty(org_unit=unit),
        "coordinator": f.coordinator(org_unit=unit),
        "admin": f.admin(),
    }
    partner = f.institution(name="University of Cambridge")
    partnership = f.partnership(partner=partner, org_unit=unit)
    condition = f.condition(partnership=partnership)
    program = f.program(partnership=partnership)
    other_user = f.user(Role.FACULTY, org_unit=unit)
    return {
        "visitors": visitors,
        "unit": unit,
        "partner": partner,
        "partnership": partnership,
        "condition": condition,
        "program": program,
        "other_user": other_user,
        # A second condition, so that the coordinator's delete route has one of its own.
        "spare_condition": f.condition(partnership=partnership, direction="incoming"),
        # A deactivated account, so that the admin's reactivate route has something to do.
        "inactive_user": f.user(Role.FACULTY, org_unit=unit, is_active=False),
        # A draft call: the students' catalogue must answer 404 for it.
        "draft_program": f.program(partnership=partnership, state="draft", title="Draft call"),
    }
