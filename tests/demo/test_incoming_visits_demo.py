"""The demo's incoming visiting scholars: one confirmed next month, one recorded, under an
incoming staff condition of the Oxford agreement; loading again adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.demo.incoming_visits import AGREEMENT_TITLE, load_incoming_visits_demo
from exchange.demo.loader import load_demo
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.states import Direction, MobilityType
from exchange.visits.incoming.models import IncomingState, IncomingVisit


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_has_a_confirmed_and_a_recorded_visitor_under_an_incoming_condition(app):
    today = date.today()
    added = load_demo(today)
    db.session.commit()
    assert added["incoming_conditions"] == 1
    assert added["incoming_visits"] == 2
    agreement = db.session.scalar(select(Partnership).where(Partnership.title == AGREEMENT_TITLE))
    (condition,) = [c for c in agreement.conditions if c.direction == Direction.INCOMING]
    assert condition.mobility_type == MobilityType.STA and condition.days_per_year == 15

    visits = db.session.scalars(select(IncomingVisit).order_by(IncomingVisit.start_date)).all()
    assert [(v.visitor_name, v.state) for v in visits] == [
        ("Dr. Helen Marsh", IncomingState.CONFIRMED),
        ("Dr. James Okafor", IncomingState.RECORDED),
    ]
    first = visits[0].start_date
    next_month = (today.month % 12 + 1, today.year + (today.month == 12))
    assert (first.month, first.year) == next_month
    assert all(v.partnership_id == agreement.id for v in visits)
    assert visits[0].days == 5 and visits[0].teaching_hours == 8
    assert visits[0].host.email == "faculty2@meridian.example"
    actions = set(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "incoming_visits")
    ))  # fmt: skip
    assert actions == {"incoming_visit.create", "incoming_visit.confirmed"}
    assert db.session.scalar(
        select(func.count()).select_from(Notice).where(Notice.kind == "incoming_visit.confirmed")
    ) == 1  # the host heard of the confirmed visit  # fmt: skip

    counts = [_count(m) for m in (IncomingVisit, CooperationCondition, AuditEvent, Notice)]
    again = load_incoming_visits_demo(today)
    assert again == {"incoming_conditions": 0, "incoming_visits": 0}
    assert load_demo(today) == dict.fromkeys(load_demo(today), 0)
    assert [_count(m) for m in (IncomingVisit, CooperationCondition, AuditEvent, Notice)] == counts
