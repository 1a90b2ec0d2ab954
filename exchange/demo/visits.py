"""Demo data for faculty visits: a head for the demo faculty member's department, a staff
training condition beside the teaching one on its agreement, and last year's completed visit.

Dr. Yusuf Rahman (faculty@) proposes; Prof. Hassan Idris (head@, head of ENG-NANO) approves
the unit step; Nadia Farouk (coordinator@) approves for the office. Idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.passwords import hash_password
from exchange.accounts.roles import Role
from exchange.db import utcnow
from exchange.demo import data
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, MobilityType
from exchange.visits import staff_days
from exchange.visits.models import Visit
from exchange.visits.states import VisitState, VisitType

HEAD = ("head@meridian.example", "Prof. Hassan Idris")
UNIT_CODE = "ENG-NANO"
AGREEMENT_TITLE = "Nanotechnology and advanced materials"


def _head(unit: OrgUnit) -> tuple[User, int]:
    email, name = HEAD
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user, 0
    user = User(email=email, full_name=name, password_hash=hash_password(data.DEMO_PASSWORD),
                is_active=True, session_version=1, org_unit=unit)  # fmt: skip
    user.role_rows = [UserRole(role=Role.FACULTY)]
    db.session.add(user)
    db.session.flush()
    return user, 1


def load_visits_demo(today: date) -> dict[str, int]:
    """Add what the visit story needs if it is missing; returns what it added."""
    added = {"visit_people": 0, "visits": 0}
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == UNIT_CODE))
    partnership = db.session.scalar(select(Partnership).where(Partnership.title == AGREEMENT_TITLE))
    proposer = db.session.scalar(select(User).where(User.email == "faculty@meridian.example"))
    if unit is None or partnership is None or proposer is None:
        return added
    head, added["visit_people"] = _head(unit)
    if unit.head_id is None:
        unit.head_id = head.id
    if staff_days.outgoing_condition(partnership, MobilityType.STT) is None:
        db.session.add(CooperationCondition(
            partnership=partnership, direction=Direction.OUTGOING,
            mobility_type=MobilityType.STT, places_per_year=2, days_per_year=14,
        ))  # fmt: skip
    db.session.flush()
    if db.session.scalar(select(Visit.id).where(Visit.proposer_id == proposer.id)) is None:
        start = date(staff_days.academic_year_of(today) - 1, 11, 3)
        if start >= date(partnership.first_year, 9, 1):
            _completed_visit(proposer, head, partnership, start)
            added["visits"] = 1
    db.session.flush()
    return added


def _completed_visit(proposer, head, partnership, start) -> None:
    coordinator = db.session.scalar(
        select(User).where(User.email == "coordinator@meridian.example")
    )
    end = start + timedelta(days=4)
    when = utcnow() - timedelta(days=300)
    db.session.add(Visit(
        proposer_id=proposer.id, partnership_id=partnership.id, visit_type=VisitType.TEACHING,
        mobility_type=MobilityType.STA, state=VisitState.COMPLETED, start_date=start,
        end_date=end, days_on_site=5, academic_year=staff_days.academic_year_of(start),
        host_name="Dr. Eleanor Whitfield", host_email="ew@cam.ac.uk",
        purpose="Teach the thin-film characterisation module of the MPhil in nanoscience.",
        activities="Four lectures on X-ray reflectometry; one laboratory session.",
        expected_outcomes="A co-taught module and two co-supervised master's theses.",
        teaching_hours=8, currency="GBP", travel_cost=Decimal("620.00"),
        subsistence_cost=Decimal("750.00"), other_cost=Decimal("0"), submitted_at=when,
        unit_approved_at=when, unit_approved_by_id=head.id, approved_at=when,
        approved_by_id=coordinator.id if coordinator else None, reported_at=when,
        report_done="Taught 8 hours to 24 MPhil students; ran the reflectometry lab.",
        report_outcomes="Module co-taught; two thesis topics agreed.",
        report_follow_ups="Return visit by Dr. Whitfield next spring.",
        actual_travel_cost=Decimal("585.40"), actual_subsistence_cost=Decimal("700.00"),
        actual_other_cost=Decimal("0"),
    ))  # fmt: skip
