"""Factories for visit tests: staff agreements, units with heads, visits in any state."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from exchange.db import utcnow
from exchange.extensions import db
from exchange.partnerships.states import Direction, MobilityType
from exchange.visits import staff_days as days
from exchange.visits.models import Visit
from exchange.visits.states import VisitState, VisitType
from tests import factories as f


def staff_agreement(days_sta: int | None = 20, days_stt: int | None = 20, **kw):
    """An active agreement with outgoing STA and STT conditions (None: leave it out)."""
    partnership = f.partnership(**kw)
    for mobility_type, count in ((MobilityType.STA, days_sta), (MobilityType.STT, days_stt)):
        if count is not None:
            f.condition(
                partnership=partnership, direction=Direction.OUTGOING,
                mobility_type=mobility_type, places_per_year=5, months_per_year=None,
                days_per_year=count, language=None, cefr_level=None,
            )  # fmt: skip
    db.session.refresh(partnership)
    return partnership


def unit_with_head(**kw):
    """A home department and its head (a faculty member of that unit)."""
    unit = f.org_unit(**kw)
    head = f.faculty(org_unit=unit, full_name="Head of Unit")
    unit.head_id = head.id
    db.session.commit()
    return unit, head


def soon(offset: int = 30) -> date:
    return date.today() + timedelta(days=offset)


STATE_DATA = {
    VisitState.UNIT_APPROVED: {"unit_approved_at": utcnow},
    VisitState.APPROVED: {"approved_at": utcnow},
    VisitState.COMPLETED: {"approved_at": utcnow, "reported_at": utcnow,
                           "report_done": "Taught", "report_outcomes": "Good"},
    VisitState.REJECTED: {"rejection_reason": "No budget"},
    VisitState.CANCELLED: {"cancellation_reason": "Ill", "cancelled_at": utcnow},
    VisitState.RETURNED: {"return_comments": "Shorter, please"},
}  # fmt: skip


def visit(state: VisitState = VisitState.DRAFT, **kw) -> Visit:
    """A visit written straight to the database in any state (no rules, no audit)."""
    if "proposer" not in kw and "proposer_id" not in kw:
        kw["proposer"] = f.faculty(org_unit=f.org_unit())
    if "partnership" not in kw and "partnership_id" not in kw:
        kw["partnership"] = staff_agreement()
    visit_type = VisitType(kw.pop("visit_type", VisitType.TEACHING))
    start = kw.pop("start_date", soon())
    end = kw.pop("end_date", start + timedelta(days=4))
    defaults = dict(
        visit_type=visit_type,
        mobility_type=visit_type.mobility_types[0],
        state=state,
        start_date=start,
        end_date=end,
        days_on_site=days.days_on_site(start, end),
        academic_year=days.academic_year_of(start),
        host_name="Dr Host",
        host_email="host@partner.example",
        purpose="Teach a course module",
        activities="Lectures and a seminar",
        expected_outcomes="A joint course",
        teaching_hours=8 if visit_type == VisitType.TEACHING else None,
        currency="EUR",
        travel_cost=Decimal("300.00"),
        subsistence_cost=Decimal("500.00"),
        other_cost=Decimal("0"),
        submitted_at=None if state == VisitState.DRAFT else utcnow(),
    )
    for name, value in STATE_DATA.get(state, {}).items():
        defaults[name] = value() if callable(value) else value
    obj = Visit(**(defaults | kw))
    db.session.add(obj)
    db.session.commit()
    return obj


def form_data(partnership, **overrides) -> dict:
    """A complete proposal as the form posts it."""
    start = overrides.pop("start_date", soon())
    end = overrides.pop("end_date", start + timedelta(days=4))
    data = {
        "partnership_id": str(partnership.id),
        "visit_type": "teaching",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "host_contact_id": "",
        "host_name": "Dr Ada Host",
        "host_email": "ada@partner.example",
        "purpose": "Teach the distributed systems module",
        "activities": "Four lectures, one lab",
        "expected_outcomes": "A joint summer school",
        "teaching_hours": "8",
        "currency": "EUR",
        "travel_cost": "350.00",
        "subsistence_cost": "600",
        "other_cost": "0",
        "action": "save",
    }
    return data | {k: str(v) for k, v in overrides.items()}
