"""Every from -> to pair of the call workflow: allowed moves happen, others are refused."""

from itertools import product

import pytest

from exchange.programs.states import ProgramState as S
from exchange.programs.states import program_workflow
from tests import factories as f
from tests.workflow_checks import moved, refused

# The allowed moves, one line per state they leave (as in tests/applications/test_states.py).
ALLOWED = {
    (S.DRAFT, S.PUBLISHED), (S.DRAFT, S.CANCELLED),
    (S.PUBLISHED, S.CLOSED), (S.PUBLISHED, S.CANCELLED),
    (S.CLOSED, S.PUBLISHED),
}  # fmt: skip


@pytest.mark.parametrize(("current", "target"), list(product(S, S)))
def test_program_transition_follows_the_table(current, target):
    program = f.program(state=current)
    actor = f.coordinator()

    if (current, target) in ALLOWED:
        event = moved(program_workflow, program, target, actor=actor)
        assert (event.action, event.before, event.after) == (
            f"program.{target.value}",
            {"state": current.value},
            {"state": target.value},
        )
    else:
        refused(program_workflow, program, current, target, actor=actor)
