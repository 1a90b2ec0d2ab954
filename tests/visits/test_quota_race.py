"""Staff days under concurrency: approvals (and submissions) that together would exceed the
agreement's days per year never do; the condition's row lock makes them take turns."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from exchange.extensions import db
from exchange.visits import closing, services
from exchange.visits.errors import VisitError
from exchange.visits.models import Visit
from exchange.visits.states import GRANTED, VisitState
from tests import factories as f
from tests.races import postgresql_only
from tests.visits import factories as vf

SQLITE_CANNOT = (
    "SQLite runs one write transaction at a time, so approvals cannot interleave; "
    "the race is tested on PostgreSQL (TEST_DATABASE_URL)."
)


def _visits(state, count, days_allowed=10, length=5):
    partnership = vf.staff_agreement(days_sta=days_allowed)
    visits = []
    for i in range(count):
        start = vf.soon(30 + 10 * i)  # different people anyway; dates apart for clarity
        visits.append(vf.visit(state, partnership=partnership, start_date=start,
                               end_date=start + timedelta(days=length - 1)))  # fmt: skip
    return partnership, [v.id for v in visits]


def _run_at_barrier(app, visit_ids, job):
    barrier = threading.Barrier(len(visit_ids))
    outcomes = {}

    def run(visit_id):
        with app.app_context():
            try:
                visit = db.session.get(Visit, visit_id)
                barrier.wait(timeout=10)
                job(visit)
                db.session.commit()
                outcomes[visit_id] = "ok"
            except VisitError as error:
                db.session.rollback()
                outcomes[visit_id] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(vid,)) for vid in visit_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _granted_days(partnership_id) -> int:
    db.session.rollback()
    return db.session.scalar(
        select(func.coalesce(func.sum(Visit.days_on_site), 0)).where(
            Visit.partnership_id == partnership_id, Visit.state.in_(list(GRANTED))
        )
    )


def test_concurrent_office_approvals_never_exceed_the_staff_days(app):
    postgresql_only(SQLITE_CANNOT)
    partnership, ids = _visits(VisitState.UNIT_APPROVED, 4)  # 4 x 5 days, 10 allowed
    office_id = f.coordinator().id

    def approve(visit):
        services.approve_visit(visit, actor=db.session.get(type(visit.proposer), office_id))

    outcomes = _run_at_barrier(app, ids, approve)
    assert sorted(outcomes.values()).count("ok") == 2
    assert _granted_days(partnership.id) == 10
    refused = [o for o in outcomes.values() if o != "ok"]
    assert all("Approving would exceed the agreement's STA staff days" in o for o in refused)


def test_concurrent_submissions_never_overcommit_the_staff_days(app):
    postgresql_only(SQLITE_CANNOT)
    partnership, ids = _visits(VisitState.DRAFT, 3)  # 3 x 5 days, 10 allowed

    def submit(visit):
        services.submit_visit(visit, actor=visit.proposer)

    outcomes = _run_at_barrier(app, ids, submit)
    assert list(outcomes.values()).count("ok") == 2
    db.session.rollback()
    pending = db.session.scalar(
        select(func.sum(Visit.days_on_site)).where(
            Visit.partnership_id == partnership.id, Visit.state == VisitState.SUBMITTED
        )
    )
    assert pending == 10


def _two_of_three_approved():
    """Three visits of 5 days waiting for the office under 10 days a year; two get approved."""
    partnership, ids = _visits(VisitState.UNIT_APPROVED, 3)
    office = f.coordinator()
    first, second, third = (db.session.get(Visit, i) for i in ids)
    services.approve_visit(first, actor=office)
    services.approve_visit(second, actor=office)
    return partnership, ids, office, (first, second, third)


def test_approval_refuses_what_would_exceed_the_days_on_any_database():
    _, ids, office, (_, _, third) = _two_of_three_approved()
    with pytest.raises(VisitError, match="10 a year, 10 already approved, this visit needs 5"):
        services.approve_visit(third, actor=office)
    db.session.rollback()
    assert db.session.get(Visit, ids[2]).state == VisitState.UNIT_APPROVED


def test_cancelling_releases_the_days():
    partnership, _, office, (first, _, third) = _two_of_three_approved()
    closing.cancel_visit(first, actor=first.proposer, reason="Partner closed for works")
    services.approve_visit(third, actor=office)
    db.session.commit()
    assert _granted_days(partnership.id) == 10
