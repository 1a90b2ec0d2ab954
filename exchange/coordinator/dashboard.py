"""The coordinator's start page: what needs attention now."""

from __future__ import annotations

from datetime import date

from exchange.coordinator import bp
from exchange.partnerships import overview
from exchange.partnerships.expiry import expire_due_partnerships
from exchange.partnerships.states import PartnershipState
from exchange.programs.queries import count_programs, open_programs_query
from exchange.programs.states import ProgramState
from exchange.transactions import commit
from exchange.web import page, rows


@bp.get("/")
def dashboard():
    today = date.today()
    # A missed scheduler run must not show an ended agreement as active (expiry.py).
    if expire_due_partnerships(today):
        commit()
    counts = overview.count_by_state()
    return page(
        "coordinator/dashboard.html",
        counts=counts,
        active_count=counts.get(PartnershipState.ACTIVE, 0),
        open_programs=rows(open_programs_query(today)),
        draft_programs=count_programs(ProgramState.DRAFT),
        expiring=overview.in_last_year(today),
        partners=overview.count_partners(),
        today=today,
    )
