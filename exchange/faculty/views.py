"""Faculty screens: the partnerships and programs (calls) of the member's org units."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from exchange.accounts.roles import Role
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.policy import can_view_partnership, visible_partnerships_clause
from exchange.partnerships.states import PartnershipState
from exchange.programs.models import Program
from exchange.programs.policy import can_view_program
from exchange.programs.queries import programs_of_partnership
from exchange.programs.states import ProgramState
from exchange.web import authorize, gate_blueprint

bp = Blueprint("faculty", __name__, url_prefix="/faculty")
gate_blueprint(bp, Role.FACULTY)

# Calls faculty follow: being prepared, open or past; a cancelled call is no longer news.
PROGRAM_STATES = (ProgramState.DRAFT, ProgramState.PUBLISHED, ProgramState.CLOSED)
LIVE_OR_DRAFT = (PartnershipState.ACTIVE, PartnershipState.SUSPENDED, PartnershipState.DRAFT)


def _program_counts(partnership_ids) -> dict[int, int]:
    """Calls per agreement, in one query."""
    ids = list(partnership_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Program.partnership_id, func.count())
        .where(Program.partnership_id.in_(ids), Program.state.in_(PROGRAM_STATES))
        .group_by(Program.partnership_id)
    ).all()
    return dict(rows)


@bp.get("/")
def dashboard():
    partnerships = db.session.scalars(
        select(Partnership)
        .where(visible_partnerships_clause(current_user), Partnership.state.in_(LIVE_OR_DRAFT))
        .options(selectinload(Partnership.conditions))
        .order_by(Partnership.title, Partnership.id)
    ).all()
    return render_template(
        "faculty/dashboard.html",
        partnerships=partnerships,
        program_counts=_program_counts(p.id for p in partnerships),
    )


@bp.get("/partnerships/<int:partnership_id>")
def partnership_detail(partnership_id: int):
    partnership = db.session.get(Partnership, partnership_id)
    if partnership is None:
        abort(404)
    # Another unit's agreement answers 404, so its existence does not leak.
    authorize(can_view_partnership(current_user, partnership), hide=True)
    programs = [
        p
        for p in programs_of_partnership(partnership.id)
        if p.state in PROGRAM_STATES and can_view_program(current_user, p)
    ]
    return render_template(
        "faculty/partnership_detail.html", partnership=partnership, programs=programs
    )


@bp.get("/programs")
def program_list():
    status = request.args.get("status", "")
    states = [s for s in PROGRAM_STATES if s.value == status] or list(PROGRAM_STATES)
    stmt = (
        select(Program)
        .join(Partnership, Program.partnership_id == Partnership.id)
        .where(visible_partnerships_clause(current_user), Program.state.in_(states))
        .options(selectinload(Program.org_units))
        .order_by(Program.academic_year.desc(), Program.opens_on.desc(), Program.title, Program.id)
    )
    page = db.paginate(
        stmt,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "faculty/program_list.html",
        page=page,
        states=PROGRAM_STATES,
        status=status if len(states) == 1 else "",
    )


from exchange.faculty import reviews, visit_approvals, visits  # noqa: E402,F401 - register screens
