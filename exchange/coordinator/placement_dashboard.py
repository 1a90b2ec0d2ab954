"""The placement dashboard of a call: results per state, seats per program, objections and
nominations, in a fixed number of statements."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from exchange.coordinator import bp
from exchange.coordinator.calls import call_or_404
from exchange.placements.dashboard import COLUMNS, call_dashboard
from exchange.placements.objections.services import objection_deadline
from exchange.programs import call_policy
from exchange.web import authorize


@bp.get("/calls/<int:call_id>/placements")
def placement_dashboard(call_id: int):
    call = call_or_404(call_id)
    authorize(call_policy.can_view_call(current_user, call))
    return render_template(
        "coordinator/placement_dashboard.html",
        call=call,
        board=call_dashboard(current_user, call),
        columns=COLUMNS,
        objection_deadline=objection_deadline(call),
    )
