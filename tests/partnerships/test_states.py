"""Every from -> to pair of the agreement workflow: allowed moves happen, others are refused."""

from itertools import product

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.states import PartnershipState as S
from exchange.partnerships.states import partnership_workflow
from exchange.workflow import TransitionError
from tests import factories as f

ALLOWED = {
    (S.DRAFT, S.ACTIVE),
    (S.DRAFT, S.TERMINATED),
    (S.ACTIVE, S.SUSPENDED),
    (S.ACTIVE, S.EXPIRED),
    (S.ACTIVE, S.TERMINATED),
    (S.SUSPENDED, S.ACTIVE),
    (S.SUSPENDED, S.EXPIRED),
    (S.SUSPENDED, S.TERMINATED),
}


@pytest.mark.parametrize(("current", "target"), list(product(S, S)))
def test_partnership_transition_follows_the_table(current, target):
    partnership = f.partnership(state=current)
    actor = f.coordinator()

    if (current, target) in ALLOWED:
        partnership_workflow.transition(partnership, target, actor=actor, note="why")
        db.session.commit()
        db.session.expire_all()
        assert partnership.state == target
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.before, event.after, event.note) == (
            {"state": current.value},
            {"state": target.value},
            "why",
        )
    else:
        with pytest.raises(TransitionError):
            partnership_workflow.transition(partnership, target, actor=actor)
        db.session.rollback()
        assert partnership.state == current
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_partnership_final_states_have_no_way_out():
    assert partnership_workflow.next_states(S.EXPIRED) == []
    assert partnership_workflow.next_states(S.TERMINATED) == []
