"""Demo data for incoming visiting scholars: two Oxford researchers visiting the biomedical
department under the Oxford agreement, which gets an incoming staff teaching (STA) condition.

Dr. Helen Marsh comes next month to teach (confirmed; her host, Prof. Amina Saleh, is told);
Dr. James Okafor's research visit a month later is recorded and waits for the partner's
agreement. Both go through the incoming-visit services, so the rules (agreement validity,
length, the condition's incoming days) hold and every change is audited. Idempotent: what
exists is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from exchange.accounts.models import OrgUnit, User
from exchange.extensions import db
from exchange.partnerships.conditions import add_condition
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, MobilityType
from exchange.visits.incoming.models import IncomingVisit, IncomingVisitError
from exchange.visits.incoming.services import confirm_incoming_visit, record_incoming_visit
from exchange.visits.states import VisitType

AGREEMENT_TITLE = "Biomedical research partnership"
HOST_EMAIL = "faculty2@meridian.example"
HOST_UNIT = "MED-BIO"
COORDINATOR_EMAIL = "coordinator@meridian.example"
# The incoming staff teaching condition the demo agreement gets if it has none.
CONDITION = dict(places_per_year=3, days_per_year=15, language="en", cefr_level="B2")

# (e-mail, name, position, visit type, days after the first of next month, days on site,
#  teaching hours, purpose, confirmed?)
VISITORS = [
    ("helen.marsh@ox.ac.uk", "Dr. Helen Marsh", "Associate Professor of Immunology",
     VisitType.TEACHING, 6, 5, 8,
     "Teach the immunology block of the MSc in biomedical sciences and plan a joint "
     "summer school.", True),
    ("james.okafor@ox.ac.uk", "Dr. James Okafor", "Senior Research Fellow",
     VisitType.RESEARCH, 34, 4, 0,
     "Work on the joint organoid imaging study with the biomedical research group.", False),
]  # fmt: skip


def _first_of_next_month(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def _incoming_sta(partnership: Partnership, coordinator: User | None) -> int:
    """Give the agreement an incoming STA condition unless it has one; returns 1 if added."""
    exists = db.session.scalar(
        select(CooperationCondition.id).where(
            CooperationCondition.partnership_id == partnership.id,
            CooperationCondition.direction == Direction.INCOMING,
            CooperationCondition.mobility_type == MobilityType.STA,
        )
    )
    if exists is not None:
        return 0
    add_condition(partnership, actor=coordinator, direction=Direction.INCOMING.value,
                  mobility_type=MobilityType.STA.value, **CONDITION)  # fmt: skip
    return 1


def load_incoming_visits_demo(today: date) -> dict[str, int]:
    """Add the incoming-visit story if it is missing; returns what it added."""
    added = {"incoming_conditions": 0, "incoming_visits": 0}
    partnership = db.session.scalar(select(Partnership).where(Partnership.title == AGREEMENT_TITLE))
    host = db.session.scalar(select(User).where(User.email == HOST_EMAIL))
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == HOST_UNIT))
    coordinator = db.session.scalar(select(User).where(User.email == COORDINATOR_EMAIL))
    if partnership is None or host is None or unit is None:
        return added
    added["incoming_conditions"] = _incoming_sta(partnership, coordinator)
    first = _first_of_next_month(today)
    for email, name, position, kind, offset, days, hours, purpose, confirmed in VISITORS:
        if db.session.scalar(select(IncomingVisit.id).where(IncomingVisit.visitor_email == email)):
            continue
        start = first + timedelta(days=offset)
        try:
            visit = record_incoming_visit(
                actor=coordinator, partnership=partnership, visit_type=kind.value,
                visitor_name=name, visitor_email=email, position=position, partner_unit=None,
                start_date=start, end_date=start + timedelta(days=days - 1), host=host,
                host_unit=unit, purpose=purpose, teaching_hours=hours,
            )  # fmt: skip
        except IncomingVisitError:
            continue  # e.g. the agreement ends before these dates: the rules refuse, as they should
        if confirmed:
            confirm_incoming_visit(visit, actor=coordinator)
        added["incoming_visits"] += 1
    db.session.flush()
    return added
