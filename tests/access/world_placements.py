"""Objects for the placement routes (issue 6): a released call whose applications belong to
another student (an open offer, an accepted offer, one still under review) and a call due for
release; every student route must answer 404 for them."""

from __future__ import annotations

from datetime import date

from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided


def build(base: dict) -> dict:
    unit = base["unit"]
    agreement = f.partnership(org_unit=unit, title="Matrix placements agreement")
    call, _ = call_with_programs((), released=True, title="Matrix released call")
    program = f.program(partnership=agreement, call=call, seats=3, title="Matrix offer program")
    due, _ = call_with_programs((), title="Matrix call due", results_release_on=date.today())
    f.program(partnership=agreement, call=due, seats=1, title="Matrix due program")
    owner = f.student(org_unit=unit)
    return {
        "placement_call": call,
        "placement_due_call": due,
        "placement_offer": decided(program, "offered", student=owner),
        "placement_accepted": decided(program, "accepted"),
        "placement_review": decided(program, "under_review"),
    }
