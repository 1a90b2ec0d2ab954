"""Every from -> to pair of the agreement workflow: allowed moves happen, others are refused."""

from itertools import product

import pytest

from exchange.partnerships.states import PartnershipState as S
from exchange.partnerships.states import partnership_workflow
from tests import factories as f
from tests.workflow_checks import moved, refused

# The allowed moves, one line per state they leave (as in tests/applications/test_states.py).
ALLOWED = {
    (S.DRAFT, S.ACTIVE), (S.DRAFT, S.TERMINATED),
    (S.ACTIVE, S.SUSPENDED), (S.ACTIVE, S.EXPIRED), (S.ACTIVE, S.TERMINATED),
    (S.SUSPENDED, S.ACTIVE), (S.SUSPENDED, S.EXPIRED), (S.SUSPENDED, S.TERMINATED),
}  # fmt: skip


@pytest.mark.parametrize(("current", "target"), list(product(S, S)))
def test_partnership_transition_follows_the_table(current, target):
    partnership = f.partnership(state=current)
    actor = f.coordinator()

    if (current, target) in ALLOWED:
        event = moved(partnership_workflow, partnership, target, actor=actor, note="why")
        assert (event.before, event.after, event.note) == (
            {"state": current.value},
            {"state": target.value},
            "why",
        )
    else:
        refused(partnership_workflow, partnership, current, target, actor=actor)


def test_partnership_final_states_have_no_way_out():
    assert partnership_workflow.next_states(S.EXPIRED) == []
    assert partnership_workflow.next_states(S.TERMINATED) == []
