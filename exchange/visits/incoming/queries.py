"""What the incoming visit screens list and show: the visitors in a coordinator's scope, the
days an agreement has left for the form, and a visit's history in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from exchange.partnerships.history import history as partnership_history
from exchange.partnerships.models import Partnership
from exchange.visits import reports
from exchange.visits.incoming import policy
from exchange.visits.incoming.models import IncomingState, IncomingVisit
from exchange.visits.staff_days import academic_year_of

# The visit's own fields in the history's words (the shared list knows the agreement's).
CHANGED_LABELS = {
    "visit_type": _l("type of visit"),
    "visitor_name": _l("visitor's name"),
    "visitor_email": _l("visitor's e-mail"),
    "partner_unit_id": _l("unit at the partner"),
    "start_date": _l("first day"),
    "end_date": _l("last day"),
    "days": _l("days"),
    "host_id": _l("host"),
    "host_unit_id": _l("host unit"),
    "purpose": _l("purpose"),
    "teaching_hours": _l("teaching hours"),
}


def incoming_visits_query(user, state: IncomingState | None) -> Select:
    """Visitors under agreements in the user's scope, latest first; one state or all."""
    query = (
        select(IncomingVisit)
        .join(Partnership, Partnership.id == IncomingVisit.partnership_id)
        .where(policy.scoped_partnerships_clause(user))
        .options(selectinload(IncomingVisit.host), selectinload(IncomingVisit.host_unit))
        .order_by(IncomingVisit.start_date.desc(), IncomingVisit.id.desc())
    )
    if state is not None:
        query = query.where(IncomingVisit.state == state)
    return query


def history(visit: IncomingVisit) -> list:
    """The visit's audit trail, its changed fields named in words."""
    return [
        replace(e, changed=[str(CHANGED_LABELS.get(k, k)) for k in e.changed])
        for e in partnership_history(visit, IncomingState)
    ]


def form_days(chosen: Partnership | None, first_day: date | None) -> tuple[list, int]:
    """What the chosen agreement has left for incoming staff, in the year of the first day
    (or this year), and that year."""
    year = academic_year_of(first_day or date.today())
    days = reports.incoming_days([chosen.id], year).get(chosen.id, []) if chosen else []
    return days, year
