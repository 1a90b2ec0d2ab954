"""The placement dashboard of a call: results per state, seats per program, objections and
nominations, in a fixed number of statements."""

from __future__ import annotations

from flask_login import current_user

from exchange.coordinator import bp
from exchange.placements.dashboard import COLUMNS, call_dashboard
from exchange.placements.objections.services import objection_deadline
from exchange.programs import policy as program_policy
from exchange.programs.calls import Call
from exchange.web import authorize, load, page


@bp.get("/calls/<int:call_id>/placements")
def placement_dashboard(call_id: int):
    call = load(Call, call_id)
    authorize(program_policy.can_view_call(current_user, call))
    return page(
        "coordinator/placement_dashboard.html",
        call=call,
        board=call_dashboard(current_user, call),
        columns=COLUMNS,
        objection_deadline=objection_deadline(call),
    )
