"""The objects the access matrix needs for routes with ids in their URLs."""

from __future__ import annotations

from tests import factories as f

from exchange.accounts.roles import Role


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
    }
