"""The two halves of a transition-table test, shared by the state machines that audit each move:
an allowed move happens, is committed and is audited once; any other is refused and leaves no
trace."""

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.workflow import TransitionError


def moved(workflow, obj, target, **kw) -> AuditEvent:
    """Makes the move, commits, checks the stored state and returns the one audit event."""
    workflow.transition(obj, target, **kw)
    db.session.commit()
    db.session.expire_all()
    assert obj.state == target
    return db.session.scalars(select(AuditEvent)).one()


def refused(workflow, obj, current, target, **kw) -> None:
    """The move from `current` raises TransitionError; after the rollback the state is still
    `current` and nothing was audited."""
    with pytest.raises(TransitionError):
        workflow.transition(obj, target, **kw)
    db.session.rollback()
    assert obj.state == current
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
