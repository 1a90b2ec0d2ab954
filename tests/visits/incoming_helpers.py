"""Factories for the office's visit screens: agreements with staff days, incoming visits, and
outgoing visits in any state (written straight to the table, as the reports read them)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from exchange.extensions import db
from exchange.partnerships.states import Direction, MobilityType
from exchange.visits.incoming.models import IncomingState, IncomingVisit
from exchange.visits.models import Visit
from exchange.visits.staff_days import academic_year_of
from exchange.visits.states import VisitState, VisitType
from tests import factories as f

_seq = itertools.count(1)
YEAR = date.today().year + 1  # an academic year every factory agreement covers
DAY = date(YEAR, 10, 5)  # a Monday-ish day inside that academic year


def agreement(*, incoming: dict | None = None, outgoing: dict | None = None, **kw):
    """An active agreement with staff conditions: {"STA": days_per_year or None, ...}."""
    partnership = f.partnership(**kw)
    for direction, spec in ((Direction.INCOMING, incoming), (Direction.OUTGOING, outgoing)):
        for kind, days in (spec or {}).items():
            f.condition(partnership=partnership, direction=direction,
                        mobility_type=MobilityType(kind), places_per_year=5,
                        months_per_year=None, days_per_year=days)  # fmt: skip
    db.session.refresh(partnership)
    return partnership


def visit_fields(partnership, **kw) -> dict:
    """What a coordinator types for a 5-day teaching visit (objects, as the service takes)."""
    n = next(_seq)
    start = kw.pop("start_date", DAY)
    values = dict(
        partnership=partnership,
        visit_type=VisitType.TEACHING,
        visitor_name=f"Visitor {n}",
        visitor_email=f"visitor{n}@partner.example",
        position="Associate Professor",
        partner_unit=None,
        start_date=start,
        end_date=start + timedelta(days=4),
        host=None,
        host_unit=None,
        purpose="Guest lectures on distributed systems.",
        teaching_hours=8,
    )
    if "host" not in kw and "host_unit" not in kw:
        values["host"] = f.faculty()
    return values | kw


def incoming_visit(partnership=None, **kw) -> IncomingVisit:
    """A stored incoming visit (no rules checked: for reports and screens)."""
    if partnership is None:
        partnership = agreement(incoming={"STA": 30})
    n = next(_seq)
    start = kw.pop("start_date", DAY)
    end = kw.pop("end_date", start + timedelta(days=4))
    state = IncomingState(kw.pop("state", IncomingState.RECORDED))
    defaults = dict(
        partnership=partnership,
        mobility_type=MobilityType.STA,
        academic_year=academic_year_of(start),
        visit_type=VisitType.TEACHING,
        state=state,
        visitor_name=f"Visiting Scholar {n}",
        visitor_email=f"scholar{n}@partner.example",
        position="Lecturer",
        start_date=start,
        end_date=end,
        days=(end - start).days + 1,
        purpose="Teaching",
        teaching_hours=8,
    )
    if "host" not in kw and "host_unit" not in kw and "host_id" not in kw:
        defaults["host"] = f.faculty()
    if state == IncomingState.CONFIRMED:
        from exchange.db import utcnow

        defaults["confirmed_at"] = utcnow()
    if state == IncomingState.CANCELLED:
        from exchange.db import utcnow

        defaults |= dict(cancel_reason="Illness", cancelled_at=utcnow())
    visit = IncomingVisit(**(defaults | kw))
    db.session.add(visit)
    db.session.commit()
    return visit


def outgoing_visit(partnership=None, **kw) -> Visit:
    """A stored faculty visit proposal in any state (the CHECKs apply)."""
    from exchange.db import utcnow

    if partnership is None:
        partnership = agreement(outgoing={"STA": 30})
    start = kw.pop("start_date", DAY)
    end = kw.pop("end_date", start + timedelta(days=4))
    state = VisitState(kw.pop("state", VisitState.SUBMITTED))
    visit_type = VisitType(kw.pop("visit_type", VisitType.TEACHING))
    defaults = dict(
        partnership=partnership,
        proposer=kw.pop("proposer", None) or f.faculty(),
        visit_type=visit_type,
        mobility_type=MobilityType.STA,
        state=state,
        start_date=start,
        end_date=end,
        days_on_site=(end - start).days + 1,
        academic_year=academic_year_of(start),
        purpose="Teaching",
        teaching_hours=8 if visit_type == VisitType.TEACHING else None,
        currency="EUR",
    )
    if state != VisitState.DRAFT:
        defaults["submitted_at"] = utcnow()
    if state in (VisitState.APPROVED, VisitState.COMPLETED):
        defaults["approved_at"] = utcnow()
    if state == VisitState.COMPLETED:
        defaults["reported_at"] = utcnow()
    if state == VisitState.REJECTED:
        defaults["rejection_reason"] = "No budget"
    if state == VisitState.CANCELLED:
        defaults["cancellation_reason"] = "Illness"
    visit = Visit(**(defaults | kw))
    db.session.add(visit)
    db.session.commit()
    return visit
