"""Faculty screens: the partnerships and programs (calls) of the member's org units."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from exchange.accounts.roles import Role
from exchange.partnerships.models import Partnership
from exchange.partnerships.policy import can_view_partnership, visible_partnerships_clause
from exchange.partnerships.queries import partnerships_with_conditions
from exchange.partnerships.states import PartnershipState
from exchange.programs.policy import can_view_program
from exchange.programs.queries import (
    FOLLOWED_STATES,
    followed_program_counts,
    followed_programs_query,
    programs_of_partnership,
)
from exchange.web import gate_blueprint, load, page, paginate

bp = Blueprint("faculty", __name__, url_prefix="/faculty")
gate_blueprint(bp, Role.FACULTY)

LIVE_OR_DRAFT = (PartnershipState.ACTIVE, PartnershipState.SUSPENDED, PartnershipState.DRAFT)


@bp.get("/")
def dashboard():
    partnerships = partnerships_with_conditions(
        visible_partnerships_clause(current_user), LIVE_OR_DRAFT
    )
    return page(
        "faculty/dashboard.html",
        partnerships=partnerships,
        program_counts=followed_program_counts(p.id for p in partnerships),
    )


@bp.get("/partnerships/<int:partnership_id>")
def partnership_detail(partnership_id: int):
    # Another unit's agreement answers 404, so its existence does not leak.
    partnership = load(
        Partnership, partnership_id, where=lambda p: can_view_partnership(current_user, p)
    )
    programs = [
        p
        for p in programs_of_partnership(partnership.id)
        if p.state in FOLLOWED_STATES and can_view_program(current_user, p)
    ]
    return page("faculty/partnership_detail.html", partnership=partnership, programs=programs)


@bp.get("/programs")
def program_list():
    status = request.args.get("status", "")
    states = [s for s in FOLLOWED_STATES if s.value == status] or list(FOLLOWED_STATES)
    programs = paginate(followed_programs_query(visible_partnerships_clause(current_user), states))
    return page(
        "faculty/program_list.html",
        page=programs,
        states=FOLLOWED_STATES,
        chosen=status if len(states) == 1 else "",
    )


from exchange.faculty import reviews, visit_approvals, visits  # noqa: E402,F401 - register screens
