"""Objects for the incoming-visitor routes (issue 7): visitors under an agreement of the
matrix's unit, hosted by another faculty member and recorded by another coordinator, one in
each state a route acts on."""

from __future__ import annotations

from datetime import date, timedelta

from exchange.partnerships.states import Direction, MobilityType
from tests import factories as f
from tests.visits.incoming_helpers import incoming_visit


def build(base: dict) -> dict:
    unit = base["unit"]
    agreement = f.partnership(org_unit=unit, title="Matrix incoming agreement")
    f.condition(partnership=agreement, direction=Direction.INCOMING,
                mobility_type=MobilityType.STA, months_per_year=None,
                days_per_year=200)  # fmt: skip
    host = f.faculty(org_unit=unit)
    recorder = f.coordinator(org_unit=unit)
    soon = date.today() + timedelta(days=20)
    past = date.today() - timedelta(days=10)

    def visit(state, start):
        end = start + timedelta(days=3)
        return incoming_visit(agreement, state=state, host=host, recorded_by=recorder,
                              start_date=start, end_date=end)  # fmt: skip

    return {
        "incoming_agreement": agreement,
        "incoming_recorded": visit("recorded", soon),
        "incoming_to_cancel": visit("confirmed", soon + timedelta(days=10)),
        "incoming_to_complete": visit("confirmed", past),
    }
