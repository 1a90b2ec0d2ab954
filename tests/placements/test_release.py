"""Releasing results: the date, the offers, the notices, idempotence, and privacy before it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.applications.states import ApplicationState
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.placements.errors import PlacementError
from exchange.placements.release import release_due_calls, release_if_due, release_results
from exchange.transactions import commit
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held, waitlisted

S = ApplicationState


def _committed_call(release_on=None, **kw):
    call, (a, b) = call_with_programs((1, 2), results_release_on=release_on or date.today(),
                                      offer_days=5, **kw)  # fmt: skip
    selected = decided(a, S.SELECTED)
    listed = waitlisted(a, 1)
    refused = f.application(call=call, state=S.NOT_SELECTED)
    return call, a, selected, listed, refused


def _notices(user):
    return db.session.scalars(select(Notice).where(Notice.recipient_id == user.id)).all()


def test_release_offers_the_selected_and_tells_everyone(mailbox):
    call, program, selected, listed, refused = _committed_call()
    coordinator = f.coordinator()
    summary = release_results(call, actor=coordinator)
    commit()
    assert (summary.offered, summary.waitlisted, summary.not_selected) == (1, 1, 1)
    assert call.results_released_at is not None
    assert selected.state == S.OFFERED
    assert selected.offer_deadline == date.today() + timedelta(days=5)
    assert held(program) == 1
    assert "number 1 on the waiting list" in _notices(listed.student)[0].body
    assert _notices(refused.student)[0].title.endswith("Not selected")
    assert len(mailbox.to(selected.student.email)) == 1
    assert len(mailbox.to(listed.student.email)) == 1
    assert len(mailbox.to(refused.student.email)) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "call.release"))
    assert event.actor_id == coordinator.id and event.object_id == call.id


def test_release_twice_sends_nothing_twice(mailbox):
    call, _, selected, listed, _ = _committed_call()
    release_results(call, actor=None)
    commit()
    again = release_results(call, actor=None)
    commit()
    assert (again.released_now, again.offered, again.waitlisted) == (False, 0, 0)
    assert len(mailbox.to(listed.student.email)) == 1
    assert len(_notices(selected.student)) == 1
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "call.release")
        )
        == 1
    )


def test_early_release_needs_a_reason():
    tomorrow = date.today() + timedelta(days=1)
    call, _, selected, _, _ = _committed_call(release_on=tomorrow)
    with pytest.raises(PlacementError) as refused:
        release_results(call, actor=f.coordinator())
    assert refused.value.field == "reason"
    db.session.rollback()
    release_results(call, actor=f.coordinator(), reason="Partner needs names early")
    commit()
    assert selected.state == S.OFFERED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "call.release"))
    assert event.note == "Partner needs names early"


def test_release_if_due_waits_for_the_day():
    call, _, selected, _, _ = _committed_call(release_on=date.today() + timedelta(days=3))
    assert release_if_due(call) is None
    assert release_if_due(call, date.today() + timedelta(days=3)).offered == 1
    assert selected.state == S.OFFERED


def test_a_later_selection_after_the_release_is_offered_on_the_next_run():
    call, program, _, _, _ = _committed_call()
    release_results(call, actor=None)
    commit()
    late = decided(program.call.programs[1], S.SELECTED)
    done = release_due_calls()
    commit()
    assert [(c.id, s.offered) for c, s in done] == [(call.id, 1)]
    assert late.state == S.OFFERED


def test_release_command_releases_due_calls(app):
    call, _, selected, _, _ = _committed_call()
    result = app.test_cli_runner().invoke(args=["exchange", "release-results"])
    assert "1 call(s) released." in result.output
    db.session.expire_all()
    assert db.session.get(type(selected), selected.id).state == S.OFFERED


def test_expire_offers_command(app):
    _, (program,) = call_with_programs((1,), released=True)
    offer = decided(program, S.OFFERED, deadline=date.today() - timedelta(days=1))
    result = app.test_cli_runner().invoke(args=["exchange", "expire-offers"])
    assert "1 offer(s) expired." in result.output
    db.session.expire_all()
    assert db.session.get(type(offer), offer.id).state == S.EXPIRED
    assert held(program) == 0
