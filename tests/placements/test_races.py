"""Seat integrity under concurrency: 20 requests at once for a program with 3 seats, 20 times.

Runs on SQLite (its single writer plus the busy timeout serialise the conditional updates)
and on PostgreSQL (the conditional UPDATE re-checks its WHERE after the row lock). Every
request goes through the real views; a loser gets a clear message, never an error page.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from exchange.accounts.sessions import start_session
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held

S = ApplicationState
ROUNDS = 20
THREADS = 20
SEATS = 3
FULL = "seats of"  # SeatsFull: "All 3 seats of <program> are taken ..."
BUSY = "at the same moment"  # a write that met a concurrent one: "try again"


def _client(app, user):
    client = app.test_client()
    key = start_session(user, ip_address="127.0.0.1", user_agent="race")
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = key
        session["_fresh"] = True
    return client


def _run(app, jobs):
    barrier = threading.Barrier(len(jobs))
    answers: list = [None] * len(jobs)

    def run(i, job):
        with app.app_context():
            barrier.wait()
            try:
                answers[i] = job()
            except Exception as error:  # noqa: BLE001 - recorded and asserted on below
                answers[i] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def _count(program, state) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(Application).where(
            Application.outcome_program_id == program.id, Application.state == state)
    )  # fmt: skip


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_coordinators_offering_one_program_never_overfill_it(app, round_):
    call, (program,) = call_with_programs((SEATS,), released=True)
    coordinator = f.coordinator()
    apps = []
    for _ in range(THREADS):
        application = f.application(call=call, state=S.UNDER_REVIEW)
        f.choice(application=application, program=program)
        apps.append(application)
    clients = [_client(app, coordinator) for _ in apps]
    # Plain ids: the threads must not touch this session's (expired) objects.
    program_id, ids = program.id, [a.id for a in apps]
    jobs = [
        (lambda c=c, i=i: c.post(f"/coordinator/applications/{i}/decide",
                                 data={"decision": "offer", "program_id": program_id,
                                       "reason": "Race"}))
        for c, i in zip(clients, ids, strict=True)
    ]  # fmt: skip
    answers = _run(app, jobs)
    assert not [a for a in answers if isinstance(a, Exception)]
    assert all(r.status_code < 500 for r in answers)
    won = [r for r in answers if r.status_code == 302]
    lost = [r for r in answers if r.status_code != 302]
    assert held(program) == _count(program, S.OFFERED) == len(won) <= SEATS
    assert len(won) >= 1
    for response in lost:
        assert response.status_code == 409
        body = response.get_data(as_text=True)
        assert FULL in body or BUSY in body


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_acceptances_and_offers_at_once_never_overfill_a_program(app, round_):
    """3 offer holders accept (each twice, from two tabs) while 14 coordinator requests try
    to offer the same program to waitlisted applicants: 3 accepted, no more seats held."""
    call, (program,) = call_with_programs((SEATS,), released=True)
    coordinator = f.coordinator()
    offers = [decided(program, S.OFFERED) for _ in range(SEATS)]
    waiting = []
    for _ in range(THREADS - 2 * SEATS):
        application = f.application(call=call, state=S.WAITLISTED)
        f.choice(application=application, program=program)
        waiting.append(application)
    jobs = []
    program_id = program.id
    for offer in offers:
        offer_id = offer.id
        for _ in range(2):
            c = _client(app, offer.student)
            jobs.append(lambda c=c, i=offer_id: c.post(f"/student/applications/{i}/accept"))
    for application_id in [a.id for a in waiting]:
        c = _client(app, coordinator)
        jobs.append(lambda c=c, i=application_id: c.post(
            f"/coordinator/applications/{i}/decide",
            data={"decision": "offer", "program_id": program_id, "reason": "Race"}))  # fmt: skip
    answers = _run(app, jobs)
    assert not [a for a in answers if isinstance(a, Exception)]
    assert all(r.status_code < 500 for r in answers)
    assert held(program) == SEATS
    assert _count(program, S.ACCEPTED) == SEATS
    assert _count(program, S.OFFERED) == 0
    for response in answers[2 * SEATS :]:
        assert response.status_code == 409
        body = response.get_data(as_text=True)
        assert FULL in body or BUSY in body
