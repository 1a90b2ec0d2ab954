"""The offer and placement part of the application state machine: every from/to pair is
allowed or refused as the table says; each allowed move is audited, keeps the seat count,
and (where the student must know) is notified."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.applications.states import HOLDING_SEAT, TRANSITIONS, ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.workflow import TransitionError
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held

S = ApplicationState
# The offer and placement states, and where they may come from or go to.
PART = [S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.OFFERED, S.ACCEPTED, S.PLACED, S.DECLINED,
        S.EXPIRED, S.CANCELLED]  # fmt: skip
EXPECTED = {
    S.SELECTED: {S.OFFERED, S.WAITLISTED, S.NOT_SELECTED, S.CANCELLED},
    S.WAITLISTED: {S.SELECTED, S.OFFERED, S.NOT_SELECTED, S.CANCELLED},
    S.NOT_SELECTED: {S.SELECTED, S.OFFERED, S.WAITLISTED, S.CANCELLED},
    S.OFFERED: {S.ACCEPTED, S.DECLINED, S.EXPIRED, S.CANCELLED},
    S.ACCEPTED: {S.PLACED, S.CANCELLED},
    S.PLACED: {S.OFFERED, S.CANCELLED},  # another destination after a partner's rejection
    S.DECLINED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}
PAIRS = [(a, b) for a in PART for b in PART if a != b]


def test_the_table_matches_the_offer_and_placement_rules():
    for source, targets in EXPECTED.items():
        assert set(TRANSITIONS[source]) & set(PART) == targets, source


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_each_pair_is_allowed_or_refused_as_the_table_says(source, target):
    call, (program,) = call_with_programs((2,), released=True)
    application = decided(program, source)
    actor = f.coordinator()
    before = held(program)
    if target not in EXPECTED[source]:
        with pytest.raises(TransitionError):
            change_application_state(application, target, actor=actor)
        db.session.rollback()
        assert application.state == source
        assert held(program) == before
        return
    change_application_state(application, target, actor=actor, note="Table test")
    db.session.commit()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.object_id == application.id,
                                 AuditEvent.action == f"application.{target.value}")
    )  # fmt: skip
    assert (event.before, event.after, event.actor_id, event.note) == (
        {"state": source.value},
        {"state": target.value},
        actor.id,
        "Table test",
    )
    assert held(program) == (1 if target in HOLDING_SEAT else 0)
    notices = db.session.scalars(
        select(Notice).where(Notice.recipient_id == application.student_id)
    ).all()
    # Decisions are told at the release (or by the decision service); the rest at once.
    quiet = target in (S.SELECTED, S.WAITLISTED, S.NOT_SELECTED)
    assert len(notices) == (0 if quiet else 1)
