"""The people of the role x state x scope policy tables (partnerships and programs): one of each
kind, against a unit of their own and another one."""

import pytest
from flask_login import AnonymousUserMixin

from tests import factories as f

WHO = [
    "anonymous",
    "student",
    "faculty_own",
    "faculty_other",
    "coordinator",
    "coordinator_in_scope",
    "coordinator_out_of_scope",
    "admin",
]
# Those who may change the unit's records: university-wide and in-scope coordinators.
CHANGERS = {"coordinator", "coordinator_in_scope"}
COORDINATORS = CHANGERS | {"coordinator_out_of_scope"}


def one_of_each(unit, other) -> dict:
    """Each of WHO; "own" and "in scope" mean `unit`, "other" and "out of scope" mean `other`."""
    return {
        "anonymous": AnonymousUserMixin(),
        "student": f.student(org_unit=unit),
        "faculty_own": f.faculty(org_unit=unit),
        "faculty_other": f.faculty(org_unit=other),
        "coordinator": f.coordinator(),
        "coordinator_in_scope": f.scoped_coordinator(unit, org_unit=unit),
        "coordinator_out_of_scope": f.scoped_coordinator(other, org_unit=other),
        "admin": f.admin(),
    }


def table_cases(tables: dict, states) -> list:
    """pytest params (can, who, state): every check of `tables` for every person and state."""
    return [
        pytest.param(can, who, state, id=f"{can.__name__}-{who}-{state.value}")
        for can in tables
        for state in states
        for who in WHO
    ]
