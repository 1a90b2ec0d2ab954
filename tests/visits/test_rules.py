"""The proposal rules as a table: a proposal, the facts around it, the expected verdict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exchange.visits.rules import (
    Facts,
    Overlap,
    Proposal,
    Settings,
    check_proposal,
    required_teaching_hours,
)

TODAY = date(2026, 10, 1)
VALIDITY = (date(2025, 9, 1), date(2028, 8, 31))
SETTINGS = Settings(min_days=2, max_days=60, hours_per_week=8, pro_rata=True)


def P(start, end, hours=8, teaching=True, **kw):  # noqa: N802 - reads like a table row
    return Proposal(is_teaching=teaching, start_date=start, end_date=end, teaching_hours=hours,
                    **kw)  # fmt: skip


def F(**kw):  # noqa: N802
    return Facts(**({"agreement_active": True, "validity": VALIDITY, "today": TODAY,
                     "mobility_label": "STA", "days_allowed": 20} | kw))  # fmt: skip


ROWS = [
    # name, proposal, facts, expected [(field, message)]
    ("fine: 5 teaching days, 6 hours", P(date(2026, 11, 2), date(2026, 11, 6), hours=6), F(), []),
    ("fine: research without hours", P(date(2026, 11, 2), date(2026, 11, 3), None, False), F(), []),
    ("no dates", P(None, None), F(), [
        ("start_date", "Enter the first day on site."),
        ("end_date", "Enter the last day on site."),
    ]),
    ("dates reversed", P(date(2026, 11, 6), date(2026, 11, 2)), F(), [
        ("end_date", "The last day comes before the first day."),
    ]),
    ("starts in the past", P(date(2026, 9, 28), date(2026, 10, 3)), F(), [
        ("start_date", "The visit cannot start in the past."),
    ]),
    ("ends after the agreement", P(date(2028, 8, 28), date(2028, 9, 2)), F(), [
        ("end_date", "The agreement is valid from September 1, 2025 to August 31, 2028; the "
                     "visit must lie inside it."),
    ]),
    ("one day only", P(date(2026, 11, 2), date(2026, 11, 2)), F(), [
        ("end_date", "A staff visit lasts at least 2 days on site; this one has 1."),
    ]),
    ("61 days", P(date(2026, 11, 1), date(2026, 12, 31), hours=80), F(days_allowed=None), [
        ("end_date", "A staff visit lasts at most 60 days on site; this one has 61."),
    ]),
    ("60 days is fine", P(date(2026, 11, 1), date(2026, 12, 30), hours=69), F(days_allowed=None),
     []),
    ("5 days, 5 hours: 6 needed", P(date(2026, 11, 2), date(2026, 11, 6), hours=5), F(), [
        ("teaching_hours", "A 5-day teaching visit needs at least 6 teaching hours (8 a week, "
                           "pro rata); you planned 5."),
    ]),
    ("14 days, 15 hours: 16 needed", P(date(2026, 11, 2), date(2026, 11, 15), hours=15), F(), [
        ("teaching_hours", "A 14-day teaching visit needs at least 16 teaching hours (8 a week, "
                           "pro rata); you planned 15."),
    ]),
    ("teaching without hours", P(date(2026, 11, 2), date(2026, 11, 6), hours=None), F(), [
        ("teaching_hours", "Enter the teaching hours you plan."),
    ]),
    ("quota: 3 left, 5 needed", P(date(2026, 11, 2), date(2026, 11, 6)),
     F(days_allowed=10, days_used_by_others=7), [
        ("partnership_id", "The agreement allows 10 STA staff days in 2026/2027 and 7 are "
                           "approved or pending: 3 left, this visit needs 5."),
    ]),
    ("quota: exactly the days left", P(date(2026, 11, 2), date(2026, 11, 6)),
     F(days_allowed=10, days_used_by_others=5), []),
    ("quota: no day limit", P(date(2026, 11, 2), date(2026, 11, 6)),
     F(days_allowed=None, days_used_by_others=500), []),
    ("overlaps another visit", P(date(2026, 11, 2), date(2026, 11, 6)),
     F(overlaps=[Overlap(date(2026, 11, 6), date(2026, 11, 9), "Teaching (STA): Partner U")]), [
        ("start_date", "You already have a visit from November 6, 2026 to November 9, 2026 "
                       "(Teaching (STA): Partner U); visits of one person cannot overlap."),
    ]),
    ("touching the day after is fine", P(date(2026, 11, 2), date(2026, 11, 6)),
     F(overlaps=[Overlap(date(2026, 11, 7), date(2026, 11, 9), "x")]), []),
    ("agreement suspended", P(date(2026, 11, 2), date(2026, 11, 6)), F(agreement_active=False), [
        ("partnership_id", "This agreement is not active; visits go under active agreements "
                           "only."),
    ]),
    ("missing texts", P(date(2026, 11, 2), date(2026, 11, 6), host_name="", purpose=" ",
                        activities=None, expected_outcomes=""), F(), [
        ("host_name", "Name your host at the partner."),
        ("purpose", "Say what the visit is for."),
        ("activities", "List the activities you plan."),
        ("expected_outcomes", "Say what you expect the visit to achieve."),
    ]),
    ("negative cost", P(date(2026, 11, 2), date(2026, 11, 6),
                        costs={"travel_cost": Decimal("-1")}), F(), [
        ("travel_cost", "Enter an amount of zero or more."),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "proposal", "facts", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_rules_table(name, proposal, facts, expected):
    problems = check_proposal(proposal, facts, SETTINGS)
    assert [(p.field, p.message) for p in problems] == expected


@pytest.mark.parametrize(
    ("days", "pro_rata", "needed"),
    [(2, True, 3), (5, True, 6), (7, True, 8), (10, True, 12), (14, True, 16), (60, True, 69),
     (2, False, 8), (5, False, 8), (7, False, 8), (10, False, 12)],
)  # fmt: skip
def test_required_teaching_hours_pro_rata_or_full_week(days, pro_rata, needed):
    settings = Settings(hours_per_week=8, pro_rata=pro_rata)
    assert required_teaching_hours(days, settings) == needed


def test_settings_come_from_the_configuration(app):
    settings = Settings.from_config(app.config | {"VISIT_MAX_DAYS": 30})
    assert (settings.min_days, settings.max_days, settings.hours_per_week) == (2, 30, 8)
