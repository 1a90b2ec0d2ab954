"""Incoming visits: the rules with their messages, the states, the audit and the host's notice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.partnerships.states import MobilityType, PartnershipState
from exchange.transactions import commit
from exchange.visits.incoming import services
from exchange.visits.incoming.models import (
    TRANSITIONS,
    IncomingState,
    IncomingVisit,
    IncomingVisitError,
    incoming_workflow,
)
from exchange.visits.states import VisitType
from exchange.workflow import TransitionError
from tests import factories as f
from tests.visits.incoming_helpers import DAY, YEAR, agreement, incoming_visit, visit_fields


def _record(partnership, **kw) -> IncomingVisit:
    visit = services.record_incoming_visit(actor=f.coordinator(), **visit_fields(partnership, **kw))
    db.session.commit()
    return visit


def _refusal(partnership, **kw) -> IncomingVisitError:
    actor = f.coordinator()
    fields = visit_fields(partnership, **kw)
    with pytest.raises(IncomingVisitError) as caught:
        services.record_incoming_visit(actor=actor, **fields)
    db.session.rollback()
    return caught.value


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(IncomingVisit))


# --- Rules: a table of visits with the expected verdict and message ------------------------


def _suspended():
    return agreement(incoming={"STA": 20}, state=PartnershipState.SUSPENDED)


def _sta_only():
    return agreement(incoming={"STA": 20})


def _partner_unit_elsewhere(p):
    return dict(partner_unit=f.org_unit(institution=f.institution(), kind="faculty"))


def _student_host(p):
    return dict(host=f.student())


def _partner_host_unit(p):
    return dict(host=None, host_unit=f.org_unit(institution=p.partner))


RULES = [
    # (name, agreement maker, extra fields (or a function of the agreement), field, message)
    ("suspended agreement", _suspended, {}, "partnership_id",
     "The agreement is Suspended; visits come under active agreements only."),
    ("no condition for the type", _sta_only, {"visit_type": VisitType.TRAINING}, "visit_type",
     "The agreement has no incoming staff condition for Staff training (STT); add one to the "
     "agreement first, or choose another type."),
    ("ends before it starts", _sta_only, {"end_date": DAY - timedelta(days=1)}, "end_date",
     "The visit cannot end before it starts."),
    ("one day only", _sta_only, {"end_date": DAY}, "end_date",
     "A visit lasts 2 to 60 days on site; these dates make 1."),
    ("61 days", _sta_only, {"end_date": DAY + timedelta(days=60)}, "end_date",
     "A visit lasts 2 to 60 days on site; these dates make 61."),
    ("before the agreement", _sta_only,
     {"start_date": date(1999, 10, 1), "end_date": date(1999, 10, 5)}, "start_date",
     "The agreement runs from"),
    ("after the agreement", _sta_only,
     {"start_date": date(YEAR + 3, 9, 2), "end_date": date(YEAR + 3, 9, 6)}, "start_date",
     "the visit must fall within it."),
    ("no e-mail", _sta_only, {"visitor_email": "nobody"}, "visitor_email",
     "Enter a valid e-mail address"),
    ("no name", _sta_only, {"visitor_name": "  "}, "visitor_name", "Enter the visitor's name."),
    ("partner unit of another partner", _sta_only, _partner_unit_elsewhere, "partner_unit_id",
     "Choose a unit of"),
    ("student as host", _sta_only, _student_host, "host_id",
     "Choose an active faculty member as host."),
    ("no host", _sta_only, {"host": None, "host_unit": None}, "host_id",
     "Choose the faculty member or the unit who hosts the visitor."),
    ("host unit at the partner", _sta_only, _partner_host_unit, "host_unit_id",
     "Choose one of our own faculties or departments."),
    ("negative teaching hours", _sta_only, {"teaching_hours": -1}, "teaching_hours",
     "Teaching hours cannot be negative."),
    ("no purpose", _sta_only, {"purpose": ""}, "purpose", "Say what the visit is for."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "extra", "field", "message"), RULES,
                         ids=[r[0] for r in RULES])  # fmt: skip
def test_rules_refuse_with_the_message_beside_the_field(name, make, extra, field, message):
    partnership = make()
    if callable(extra):
        extra = extra(partnership)
    error = _refusal(partnership, **extra)
    assert error.field == field
    assert message in str(error)
    assert _count() == 0


def test_rule_messages_use_the_configured_day_limits(app):
    app.config.update(VISIT_MIN_DAYS=3, VISIT_MAX_DAYS=10)
    try:
        error = _refusal(_sta_only(), end_date=DAY + timedelta(days=1))
    finally:
        app.config.update(VISIT_MIN_DAYS=2, VISIT_MAX_DAYS=60)
    assert str(error) == "A visit lasts 3 to 10 days on site; these dates make 2."


def test_two_and_sixty_days_are_accepted():
    partnership = agreement(incoming={"STA": 100})
    assert _record(partnership, end_date=DAY + timedelta(days=1)).days == 2
    assert _record(partnership, start_date=DAY + timedelta(days=10),
                   end_date=DAY + timedelta(days=69)).days == 60  # fmt: skip


def test_overlap_with_the_same_email_is_refused_in_any_case_of_letters():
    partnership = _sta_only()
    incoming_visit(partnership, visitor_email="ana@partner.example", start_date=DAY,
                   end_date=DAY + timedelta(days=4))  # fmt: skip
    later = dict(start_date=DAY + timedelta(days=4), end_date=DAY + timedelta(days=8))
    error = _refusal(partnership, visitor_email="Ana@Partner.example", **later)
    assert error.field == "start_date"
    assert str(error) == (
        f"ana@partner.example already visits from {DAY.isoformat()} to "
        f"{(DAY + timedelta(days=4)).isoformat()} ({partnership.partner.name}); the dates overlap."
    )


def test_a_cancelled_visit_neither_overlaps_nor_takes_days():
    partnership = agreement(incoming={"STA": 5})
    incoming_visit(partnership, visitor_email="ana@partner.example", state="cancelled")
    visit = _record(partnership, visitor_email="ana@partner.example")
    assert visit.state == IncomingState.RECORDED


def test_quota_counts_recorded_confirmed_and_completed_days_and_says_the_numbers():
    partnership = agreement(incoming={"STA": 20})
    for state in ("recorded", "confirmed", "completed"):
        incoming_visit(partnership, state=state, start_date=DAY, end_date=DAY + timedelta(days=5))
    error = _refusal(partnership)  # 3 x 6 = 18 taken; this one needs 5
    assert error.field == "end_date"
    assert str(error) == (
        f"The agreement allows 20 incoming STA days in {YEAR}/{YEAR + 1}; 18 are recorded or "
        "confirmed, so 2 remain, and this visit needs 5."
    )


def test_quota_up_to_the_last_day_is_accepted():
    partnership = agreement(incoming={"STA": 10})
    incoming_visit(partnership, start_date=DAY, end_date=DAY + timedelta(days=4))
    assert _record(partnership).days == 5


def test_quota_is_per_year_and_type_and_ignores_outgoing_days():
    partnership = agreement(incoming={"STA": 5, "STT": 5}, outgoing={"STA": 100})
    incoming_visit(partnership, start_date=DAY - timedelta(days=365))  # the year before
    incoming_visit(partnership, mobility_type=MobilityType.STT, visit_type=VisitType.TRAINING)
    assert _record(partnership).mobility_type == MobilityType.STA


def test_a_condition_without_days_sets_no_limit():
    partnership = agreement(incoming={"STA": None})
    incoming_visit(partnership, start_date=DAY, end_date=DAY + timedelta(days=40))
    assert _record(partnership, start_date=DAY + timedelta(days=50)).days == 5


def test_research_and_joint_supervision_use_whichever_staff_condition_there_is():
    sta_only = agreement(incoming={"STA": 30})
    stt_only = agreement(incoming={"STT": 30})
    assert _record(sta_only, visit_type=VisitType.RESEARCH).mobility_type == MobilityType.STA
    assert (_record(stt_only, visit_type=VisitType.JOINT_SUPERVISION).mobility_type
            == MobilityType.STT)  # fmt: skip


def test_editing_does_not_count_the_visit_against_itself():
    partnership = agreement(incoming={"STA": 6})
    visit = _record(partnership)
    fields = visit_fields(partnership, visitor_email=visit.visitor_email, host=visit.host,
                          end_date=DAY + timedelta(days=5))  # fmt: skip
    services.update_incoming_visit(visit, actor=f.coordinator(), **fields)
    db.session.commit()
    assert visit.days == 6


# --- Record, states, audit, notice ---------------------------------------------------------


def test_record_stores_the_visit_recorded_with_derived_days_year_and_an_audit_record():
    partnership = _sta_only()
    actor = f.coordinator()
    fields = visit_fields(partnership, visitor_email="  Ana.Lopez@Partner.EXAMPLE ")
    visit = services.record_incoming_visit(actor=actor, **fields)
    db.session.commit()
    assert (visit.state, visit.days, visit.academic_year, visit.mobility_type) == (
        IncomingState.RECORDED, 5, YEAR, MobilityType.STA)  # fmt: skip
    assert visit.visitor_email == "ana.lopez@partner.example"
    assert visit.recorded_by_id == actor.id
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == visit.id,
                                 AuditEvent.object_type == "incoming_visits")).all()  # fmt: skip
    assert (event.action, event.actor_id) == ("incoming_visit.create", actor.id)
    assert event.after["visitor_email"] == "ana.lopez@partner.example"


@pytest.mark.parametrize("source", list(IncomingState))
@pytest.mark.parametrize("target", list(IncomingState))
def test_every_state_pair_follows_the_table(source, target):
    visit = incoming_visit(state=source)
    # The data a state needs (the services set it; the CHECKs demand it).
    visit.confirmed_at = visit.confirmed_at or utcnow()
    visit.cancel_reason, visit.cancelled_at = "Reason", utcnow()
    allowed = target in TRANSITIONS[source]
    if allowed:
        incoming_workflow.transition(visit, target, actor=None)
        assert visit.state == target
    else:
        with pytest.raises(TransitionError):
            incoming_workflow.transition(visit, target, actor=None)
        assert visit.state == source
    db.session.rollback()


def test_confirm_audits_and_tells_the_host_by_notice_and_mail(mailbox):
    host = f.faculty(full_name="Prof. Host")
    visit = incoming_visit(host=host, visitor_name="Ana Lopez")
    actor = f.coordinator()
    services.confirm_incoming_visit(visit, actor=actor)
    commit()
    assert visit.state == IncomingState.CONFIRMED and visit.confirmed_at is not None
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "incoming_visit.confirmed")
    ).all()
    assert (event.before, event.after, event.actor_id) == (
        {"state": "recorded"}, {"state": "confirmed"}, actor.id)  # fmt: skip
    [notice] = db.session.scalars(select(Notice).where(Notice.recipient_id == host.id)).all()
    assert (notice.kind, notice.title) == (
        "incoming_visit.confirmed",
        "Visitor confirmed: Ana Lopez",
    )
    assert visit.partnership.partner.name in notice.body
    [mail] = mailbox.to(host.email)
    assert mail["Subject"] == "Visitor confirmed: Ana Lopez"


def test_confirm_without_a_host_person_notifies_nobody():
    visit = incoming_visit(host=None, host_unit=f.org_unit())
    services.confirm_incoming_visit(visit, actor=f.coordinator())
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0


def test_complete_waits_for_the_last_day():
    visit = incoming_visit(state="confirmed")
    with pytest.raises(IncomingVisitError, match="mark it completed from that day on"):
        services.complete_incoming_visit(visit, actor=f.coordinator(), today=visit.end_date
                                         - timedelta(days=1))  # fmt: skip
    services.complete_incoming_visit(visit, actor=f.coordinator(), today=visit.end_date)
    assert visit.state == IncomingState.COMPLETED


def test_complete_a_recorded_visit_is_refused():
    visit = incoming_visit()
    with pytest.raises(IncomingVisitError, match="A Recorded visit cannot become Completed."):
        services.complete_incoming_visit(visit, actor=f.coordinator(), today=visit.end_date)


def test_cancel_needs_a_reason_releases_the_days_and_tells_the_host_of_a_confirmed_visit():
    partnership = agreement(incoming={"STA": 5})
    host = f.faculty()
    visit = incoming_visit(partnership, state="confirmed", host=host)
    with pytest.raises(IncomingVisitError) as caught:
        services.cancel_incoming_visit(visit, actor=f.coordinator(), reason="  ")
    assert caught.value.field == "reason"
    services.cancel_incoming_visit(visit, actor=f.coordinator(), reason="Visa refused")
    db.session.commit()
    assert (visit.state, visit.cancel_reason) == (IncomingState.CANCELLED, "Visa refused")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "incoming_visit.cancelled"))  # fmt: skip
    assert event.note == "Visa refused"
    [notice] = db.session.scalars(select(Notice).where(Notice.recipient_id == host.id)).all()
    assert notice.kind == "incoming_visit.cancelled" and "Visa refused" in notice.body
    assert _record(partnership).days == 5  # the days are free again


def test_a_cancelled_or_completed_visit_cannot_be_changed():
    for state in ("cancelled", "completed"):
        visit = incoming_visit(state=state)
        with pytest.raises(IncomingVisitError, match="can no longer be changed"):
            services.update_incoming_visit(visit, actor=f.coordinator(),
                                           **visit_fields(visit.partnership))  # fmt: skip


def test_moving_a_confirmed_visit_audits_the_change_and_tells_the_host():
    host = f.faculty()
    partnership = _sta_only()
    visit = incoming_visit(partnership, state="confirmed", host=host)
    same = dict(host=host, visitor_email=visit.visitor_email, visitor_name=visit.visitor_name)
    fields = visit_fields(partnership, start_date=DAY + timedelta(days=1), **same)
    services.update_incoming_visit(visit, actor=f.coordinator(), **fields)
    db.session.commit()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "incoming_visit.update")
    )
    assert event.after["start_date"] == (DAY + timedelta(days=1)).isoformat()
    assert [n.kind for n in db.session.scalars(select(Notice))] == ["incoming_visit.rescheduled"]


def test_services_flush_but_never_commit():
    partnership = _sta_only()
    services.record_incoming_visit(actor=f.coordinator(), **visit_fields(partnership))
    db.session.rollback()
    assert _count() == 0
