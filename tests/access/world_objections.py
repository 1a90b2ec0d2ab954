"""Objects for the objection, nomination and placement-dashboard routes: a released call of
the matrix's unit with another student's objection, a placed student to nominate and a
nomination (all owned by people other than the visitors)."""

from __future__ import annotations

from datetime import date

from exchange.extensions import db
from exchange.placements.objections.services import lodge_objection
from tests import factories as f
from tests.placements.nomination_helpers import nominated, placed, released_on, result


def build(base: dict) -> dict:
    unit = base["unit"]
    call, (program,) = released_on(date.today(), seats=(3,), title="Matrix released call")
    program.partnership.org_unit_id = unit.id
    db.session.commit()
    refused = result(program, "not_selected", student=f.student(org_unit=unit))
    objection = lodge_objection(refused, actor=refused.student, reason="Matrix objection.")
    db.session.commit()
    return {
        "objection_call": call,
        "objection_application": refused,
        "objection": objection,
        "to_nominate": placed(program, student=f.student(org_unit=unit)),
        "nomination": nominated(placed(program, student=f.student(org_unit=unit))),
    }
