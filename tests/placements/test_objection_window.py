"""The objection window in working days, and who may object to what (role x state)."""

from datetime import date

import pytest

from exchange.applications.states import ApplicationState
from exchange.placements.objections.policy import can_object, objection_refusal
from exchange.placements.objections.services import add_working_days, objection_deadline
from tests import factories as f
from tests.placements.nomination_helpers import released_on, result

S = ApplicationState
FRIDAY = date(2026, 5, 1)
MONDAY = date(2026, 5, 4)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (MONDAY, 1, date(2026, 5, 5)),
        (MONDAY, 5, date(2026, 5, 11)),  # Mon + 5 working days: next Monday
        (FRIDAY, 1, MONDAY),  # the weekend does not count
        (FRIDAY, 5, date(2026, 5, 8)),
        (date(2026, 5, 2), 1, MONDAY),  # released on a Saturday
        (date(2026, 5, 3), 2, date(2026, 5, 5)),  # released on a Sunday
        (MONDAY, 10, date(2026, 5, 18)),
        (MONDAY, 0, MONDAY),
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def test_deadline_counts_from_the_release_day():
    call, _ = released_on(FRIDAY, objection_days=5)
    assert objection_deadline(call) == date(2026, 5, 8)


def test_no_deadline_before_the_release_or_without_objections():
    assert objection_deadline(f.call()) is None
    call, _ = released_on(FRIDAY, objection_days=0)
    assert objection_deadline(call) is None


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (FRIDAY, True),  # the release day itself
        (date(2026, 5, 2), True),  # Saturday, inside the window
        (date(2026, 5, 8), True),  # the last working day
        (date(2026, 5, 9), False),  # the Saturday after: closed
        (date(2026, 5, 11), False),
    ],
)
def test_window_over_a_weekend(today, allowed):
    call, (program,) = released_on(FRIDAY, objection_days=5)
    application = result(program, S.NOT_SELECTED)
    assert can_object(application.student, application, today) is allowed
    if not allowed:
        assert objection_refusal(application.student, application, today) == (
            "The window for objections closed on 2026-05-08."
        )


@pytest.mark.parametrize("state", list(ApplicationState))
def test_policy_table_by_state_for_the_applicant(state):
    call, (program,) = released_on(FRIDAY)
    student = f.student()
    application = f.application(student=student, call=call, state=state)
    objectable = {S.NOT_SELECTED, S.WAITLISTED, S.OFFERED}
    assert can_object(student, application, FRIDAY) is (state in objectable)


@pytest.mark.parametrize("role", ["other_student", "coordinator", "faculty", "admin", "anonymous"])
def test_policy_table_nobody_but_the_applicant(role):
    from flask_login import AnonymousUserMixin

    _, (program,) = released_on(FRIDAY)
    application = result(program, S.NOT_SELECTED)
    user = {
        "other_student": f.student, "coordinator": f.coordinator, "faculty": f.faculty,
        "admin": f.admin, "anonymous": AnonymousUserMixin,
    }[role]()  # fmt: skip
    assert can_object(user, application, FRIDAY) is False
    assert objection_refusal(user, application, FRIDAY) == (
        "Only the applicant may object to this result."
    )


def test_no_objection_before_the_release():
    call = f.call(objection_days=5)
    program = f.program(call=call)
    application = result(program, S.NOT_SELECTED)
    assert can_object(application.student, application, date.today()) is False
    assert "not released" in objection_refusal(application.student, application)


def test_no_objection_when_the_call_takes_none():
    _, (program,) = released_on(FRIDAY, objection_days=0)
    application = result(program, S.WAITLISTED)
    assert objection_refusal(application.student, application, FRIDAY) == (
        "This call does not take objections."
    )
