"""Two coordinators recording visitors at the same moment never exceed the incoming days."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import func, select

from exchange.accounts.models import User
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.visits.incoming import services
from exchange.visits.incoming.models import IncomingVisit, IncomingVisitError
from tests import factories as f
from tests.races import postgresql_only, run_in_threads
from tests.visits.incoming_helpers import DAY, agreement, visit_fields

# A recording over the days is refused; run_in_threads reports it as "refused".
REFUSED = {"refusals": (IncomingVisitError,), "name": lambda error: "refused"}
SQLITE_CANNOT = (
    "SQLite runs one write transaction at a time; the row lock that keeps concurrent "
    "recordings apart is tested on PostgreSQL (TEST_DATABASE_URL)."
)


def _days(partnership_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(IncomingVisit.days), 0)).where(
            IncomingVisit.partnership_id == partnership_id
        )
    )


def _recording(partnership_id, actor_id, host_id, n, *, before=None, after=None):
    def job():
        partnership = db.session.get(Partnership, partnership_id)
        fields = visit_fields(partnership, host=db.session.get(User, host_id),
                              visitor_email=f"racer{n}@partner.example",
                              start_date=DAY + timedelta(days=10 * n))  # fmt: skip
        if before:
            before()
        services.record_incoming_visit(actor=db.session.get(User, actor_id), **fields)
        if after:
            after()

    return job


def test_two_concurrent_recordings_never_exceed_the_incoming_days(app):
    postgresql_only(SQLITE_CANNOT)
    partnership_id = agreement(incoming={"STA": 8}).id
    actor_id, host_id = f.coordinator().id, f.faculty().id
    barrier = threading.Barrier(2)

    def wait():
        barrier.wait(timeout=10)

    outcomes = run_in_threads(
        app,
        _recording(partnership_id, actor_id, host_id, 1, before=wait),
        _recording(partnership_id, actor_id, host_id, 2, before=wait),
        **REFUSED,
    )

    db.session.expire_all()
    assert sorted(outcomes) == ["refused", "saved"]
    assert _days(partnership_id) == 5


def test_the_second_recording_waits_for_the_first_and_sees_its_days(app):
    # A records and holds its transaction open; B records meanwhile. Without the row lock on
    # the condition B's sum would miss A's uncommitted days and both would be stored.
    postgresql_only(SQLITE_CANNOT)
    partnership_id = agreement(incoming={"STA": 8}).id
    actor_id, host_id = f.coordinator().id, f.faculty().id
    started = threading.Event()

    def hold():
        started.set()
        time.sleep(0.5)

    outcomes = run_in_threads(
        app,
        _recording(partnership_id, actor_id, host_id, 1, after=hold),
        _recording(partnership_id, actor_id, host_id, 2, before=lambda: started.wait(10)),
        **REFUSED,
    )

    db.session.expire_all()
    assert outcomes == ["saved", "refused"]
    assert _days(partnership_id) == 5
