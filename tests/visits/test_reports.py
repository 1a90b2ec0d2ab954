"""The office's visit reports: staff days by hand-built numbers, the filters, the calendar."""

from __future__ import annotations

from datetime import date, timedelta

from exchange.accounts.models import CoordinatorScope
from exchange.extensions import db
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.visits import reports
from exchange.visits.incoming.models import IncomingState
from exchange.visits.states import VisitState, VisitType
from tests import factories as f
from tests.visits.incoming_helpers import DAY, YEAR, agreement, incoming_visit, outgoing_visit


def _span(start: date, days: int) -> dict:
    return dict(start_date=start, end_date=start + timedelta(days=days - 1))


def _scoped_coordinator(unit):
    coordinator = f.coordinator(org_unit=unit)
    db.session.add(CoordinatorScope(user_id=coordinator.id, org_unit_id=unit.id))
    db.session.commit()
    return coordinator


# --- Staff days -----------------------------------------------------------------------------


def _staff_days_world():
    p = agreement(outgoing={"STA": 30, "STT": 10}, incoming={"STA": 20, "STT": None})
    day = DAY
    for state, days in [("approved", 5), ("completed", 3), ("submitted", 4),
                        ("unit_approved", 2), ("returned", 6), ("rejected", 7),
                        ("cancelled", 8), ("draft", 9)]:  # fmt: skip
        outgoing_visit(p, state=state, **_span(day, days))
        day += timedelta(days=12)
    outgoing_visit(p, state="approved", mobility_type=MobilityType.STT, **_span(DAY, 4))
    outgoing_visit(p, state="approved", **_span(DAY + timedelta(days=365), 6))  # next year
    for state, days in [("confirmed", 5), ("completed", 2), ("recorded", 4), ("cancelled", 3)]:
        incoming_visit(p, state=state, **_span(day, days))
        day += timedelta(days=12)
    incoming_visit(p, state="recorded", mobility_type=MobilityType.STT,
                   visit_type=VisitType.TRAINING, **_span(DAY, 3))  # fmt: skip
    return p


def test_staff_days_add_up_approved_and_pending_outgoing_and_incoming_visitors():
    p = _staff_days_world()
    [row] = reports.agreement_days([p], YEAR)
    sta, stt = row.outgoing
    assert (sta.mobility_type, sta.allowed, sta.granted, sta.pending, sta.used, sta.remaining) == (
        MobilityType.STA, 30, 8, 6, 14, 16)  # fmt: skip
    assert (stt.mobility_type, stt.allowed, stt.granted, stt.pending, stt.remaining) == (
        MobilityType.STT, 10, 4, 0, 6)  # fmt: skip
    in_sta, in_stt = row.incoming
    assert (in_sta.allowed, in_sta.confirmed, in_sta.recorded, in_sta.used, in_sta.remaining) == (
        20, 7, 4, 11, 9)  # fmt: skip
    assert [v.state for v in in_sta.visits] == [
        IncomingState.CONFIRMED, IncomingState.COMPLETED, IncomingState.RECORDED]  # fmt: skip
    assert (in_stt.allowed, in_stt.used, in_stt.remaining, len(in_stt.visits)) == (None, 3, None, 1)


def test_staff_days_of_another_year_count_there_only():
    p = _staff_days_world()
    [row] = reports.agreement_days([p], YEAR + 1)
    sta, stt = row.outgoing
    assert (sta.granted, sta.pending, stt.used) == (6, 0, 0)
    assert [(d.mobility_type, d.used, d.visits) for d in row.incoming] == [
        (MobilityType.STA, 0, []), (MobilityType.STT, 0, [])]  # fmt: skip


def test_staff_days_page_lists_agreements_that_cover_the_year_with_a_staff_condition():
    covering = agreement(incoming={"STA": 5}, title="Covering")
    agreement(outgoing={"STT": 5}, title="Ended", first_year=YEAR - 5, last_year=YEAR - 1)
    agreement(outgoing={"STA": 5}, title="Draft", state=PartnershipState.DRAFT)
    f.condition(partnership=f.partnership(title="Students only"))
    coordinator = f.coordinator()
    found = db.session.scalars(reports.staff_days_partnerships_query(coordinator, YEAR)).all()
    assert [p.title for p in found] == [covering.title]
    assert YEAR in reports.staff_days_years(coordinator)


def test_staff_days_page_keeps_to_the_coordinators_scope():
    mine, theirs = f.org_unit(), f.org_unit()
    department = f.org_unit(parent=mine)
    agreement(incoming={"STA": 5}, org_unit=department, title="Department's")
    agreement(incoming={"STA": 5}, org_unit=theirs, title="Theirs")
    agreement(incoming={"STA": 5}, title="University-wide")
    found = db.session.scalars(
        reports.staff_days_partnerships_query(_scoped_coordinator(mine), YEAR)
    ).all()
    assert [p.title for p in found] == ["Department's"]


# --- The filtered list ----------------------------------------------------------------------


def _titles(user, **filters) -> list[str]:
    query = reports.visits_query(user, reports.VisitFilters(**filters))
    return [v.purpose for v in db.session.scalars(query)]


def test_filters_narrow_the_list_and_drafts_never_show():
    faculty_unit = f.org_unit(kind="faculty")
    department = f.org_unit(parent=faculty_unit)
    a = agreement(outgoing={"STA": 50, "STT": 50})
    b = agreement(outgoing={"STA": 50})
    outgoing_visit(a, purpose="A approved", state="approved",
                   proposer=f.faculty(org_unit=department))  # fmt: skip
    later = _span(DAY + timedelta(days=30), 5)
    outgoing_visit(a, purpose="A training", visit_type="training", state="submitted",
                   mobility_type=MobilityType.STT, **later)  # fmt: skip
    outgoing_visit(b, purpose="B next year", state="submitted",
                   **_span(DAY + timedelta(days=365), 5))  # fmt: skip
    outgoing_visit(b, purpose="B draft", state="draft")
    coordinator = f.coordinator()
    assert sorted(_titles(coordinator)) == ["A approved", "A training", "B next year"]
    assert _titles(coordinator, state=VisitState.APPROVED) == ["A approved"]
    assert sorted(_titles(coordinator, partner_id=a.partner_id)) == ["A approved", "A training"]
    assert _titles(coordinator, org_unit_id=faculty_unit.id) == ["A approved"]
    assert _titles(coordinator, visit_type=VisitType.TRAINING) == ["A training"]
    assert _titles(coordinator, academic_year=YEAR + 1) == ["B next year"]
    assert _titles(coordinator, state=VisitState.DRAFT) == []


def test_filters_from_the_url_ignore_what_they_do_not_know():
    filters = reports.VisitFilters.from_args(
        {"state": "flying", "partner": "x", "unit": "3", "type": "research", "year": "2026"}
    )
    assert filters == reports.VisitFilters(org_unit_id=3, visit_type=VisitType.RESEARCH,
                                           academic_year=2026)  # fmt: skip
    assert filters.args(type=None) == {"unit": 3, "year": 2026}


def test_a_scoped_coordinator_sees_visits_of_agreements_or_proposers_in_scope():
    mine, theirs = f.org_unit(), f.org_unit()
    ours = agreement(outgoing={"STA": 50}, org_unit=mine)
    other = agreement(outgoing={"STA": 50}, org_unit=theirs)
    outgoing_visit(ours, purpose="Our agreement", proposer=f.faculty(org_unit=theirs))
    outgoing_visit(other, purpose="Our colleague", proposer=f.faculty(org_unit=mine))
    outgoing_visit(other, purpose="Not ours", proposer=f.faculty(org_unit=theirs))
    found = _titles(_scoped_coordinator(mine))
    assert sorted(found) == ["Our agreement", "Our colleague"]


def test_filter_choices_come_from_the_visible_visits():
    a = agreement(outgoing={"STA": 50})
    agreement(outgoing={"STA": 50})  # no visit: not offered
    outgoing_visit(a, state="submitted")
    choices = reports.filter_choices(f.coordinator())
    assert [p.id for p in choices.partners] == [a.partner_id]
    assert choices.years == [YEAR]


# --- Upcoming -------------------------------------------------------------------------------


def test_upcoming_groups_outgoing_and_incoming_by_month_within_ninety_days():
    today = date(YEAR, 10, 10)
    p = agreement(outgoing={"STA": 200}, incoming={"STA": 200})
    outgoing_visit(p, purpose="ongoing", state="approved", **_span(today - timedelta(days=3), 5),
                   proposer=f.faculty(full_name="Olga Ongoing"))  # fmt: skip
    outgoing_visit(p, state="submitted", **_span(date(YEAR, 11, 3), 4),
                   proposer=f.faculty(full_name="Nina November"))  # fmt: skip
    incoming_visit(
        p, visitor_name="Iris Incoming", state="confirmed", **_span(date(YEAR, 10, 20), 3)
    )
    incoming_visit(p, visitor_name="Dan December", **_span(date(YEAR, 12, 28), 3))
    # Left out: past, beyond 90 days, cancelled, rejected, returned, draft.
    outgoing_visit(p, state="approved", **_span(today - timedelta(days=20), 5))
    outgoing_visit(p, state="approved", **_span(today + timedelta(days=91), 5))
    outgoing_visit(p, state="cancelled", **_span(today + timedelta(days=5), 5))
    outgoing_visit(p, state="rejected", **_span(today + timedelta(days=5), 5))
    outgoing_visit(p, state="returned", **_span(today + timedelta(days=5), 5))
    outgoing_visit(p, state="draft", **_span(today + timedelta(days=5), 5))
    incoming_visit(p, state="cancelled", **_span(today + timedelta(days=5), 5))

    months = reports.upcoming_visits(f.coordinator(), today)

    assert [m.first_day for m in months] == [date(YEAR, 10, 1), date(YEAR, 11, 1),
                                             date(YEAR, 12, 1)]  # fmt: skip
    assert months[0].label == f"October {YEAR}"
    assert [[(i.person, i.direction) for i in m.visits] for m in months] == [
        [("Olga Ongoing", Direction.OUTGOING), ("Iris Incoming", Direction.INCOMING)],
        [("Nina November", Direction.OUTGOING)],
        [("Dan December", Direction.INCOMING)],
    ]
    first = months[0].visits[0]
    assert (first.partner, first.visit_type, first.state, first.days) == (
        p.partner.name, VisitType.TEACHING, VisitState.APPROVED, 5)  # fmt: skip


def test_upcoming_keeps_to_the_scope():
    mine, theirs = f.org_unit(), f.org_unit()
    today = date(YEAR, 10, 10)
    incoming_visit(agreement(incoming={"STA": 20}, org_unit=mine), visitor_name="Ours",
                   **_span(today, 3))  # fmt: skip
    incoming_visit(agreement(incoming={"STA": 20}, org_unit=theirs), visitor_name="Theirs",
                   **_span(today, 3))  # fmt: skip
    months = reports.upcoming_visits(_scoped_coordinator(mine), today)
    assert [i.person for m in months for i in m.visits] == ["Ours"]
