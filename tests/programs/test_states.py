"""Every from -> to pair of the call workflow: allowed moves happen, others are refused."""

from itertools import product

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs.states import ProgramState as S
from exchange.programs.states import program_workflow
from exchange.workflow import TransitionError
from tests import factories as f

ALLOWED = {
    (S.DRAFT, S.PUBLISHED),
    (S.DRAFT, S.CANCELLED),
    (S.PUBLISHED, S.CLOSED),
    (S.PUBLISHED, S.CANCELLED),
    (S.CLOSED, S.PUBLISHED),
}


@pytest.mark.parametrize(("current", "target"), list(product(S, S)))
def test_program_transition_follows_the_table(current, target):
    program = f.program(state=current)
    actor = f.coordinator()

    if (current, target) in ALLOWED:
        program_workflow.transition(program, target, actor=actor)
        db.session.commit()
        db.session.expire_all()
        assert program.state == target
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.before, event.after) == (
            f"program.{target.value}",
            {"state": current.value},
            {"state": target.value},
        )
    else:
        with pytest.raises(TransitionError):
            program_workflow.transition(program, target, actor=actor)
        db.session.rollback()
        assert program.state == current
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
