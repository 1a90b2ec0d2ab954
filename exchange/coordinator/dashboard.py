"""The coordinator's start page: what needs attention now."""

from __future__ import annotations

from datetime import date

from flask import render_template
from sqlalchemy import func, select

from exchange.coordinator import bp
from exchange.extensions import db
from exchange.partnerships.expiry import current_academic_year, expire_due_partnerships
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.states import PartnershipState
from exchange.programs.models import Program
from exchange.programs.queries import open_programs_query
from exchange.programs.states import ProgramState
from exchange.transactions import commit


@bp.get("/")
def dashboard():
    today = date.today()
    if expire_due_partnerships(today):
        commit()
    counts = dict(
        db.session.execute(
            select(Partnership.state, func.count()).group_by(Partnership.state)
        ).all()
    )
    open_programs = db.session.scalars(open_programs_query(today)).all()
    draft_programs = db.session.scalar(
        select(func.count()).select_from(Program).where(Program.state == ProgramState.DRAFT)
    )
    # An agreement in its last academic year needs renewal talks now.
    current_year = current_academic_year(today)
    expiring = db.session.scalars(
        select(Partnership)
        .where(Partnership.state == PartnershipState.ACTIVE, Partnership.last_year <= current_year)
        .order_by(Partnership.last_year, Partnership.title)
    ).all()
    partners = db.session.scalar(
        select(func.count()).select_from(Institution).where(Institution.is_home.is_(False))
    )
    return render_template(
        "coordinator/dashboard.html",
        counts={PartnershipState(k): v for k, v in counts.items()},
        active_count=counts.get(PartnershipState.ACTIVE.value, 0),
        open_programs=open_programs,
        draft_programs=draft_programs,
        expiring=expiring,
        partners=partners,
        today=today,
    )
