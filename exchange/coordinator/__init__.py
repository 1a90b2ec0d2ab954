"""The coordinator area: partners, agreements, programs, selection and reports.

One blueprint, a view module per noun.
"""

from flask import Blueprint

from exchange.accounts.roles import Role
from exchange.web import gate_blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")
gate_blueprint(bp, Role.COORDINATOR)

from exchange.coordinator import (  # noqa: E402,F401 - view modules register routes on bp
    agreement_records,
    applications,
    calls,
    dashboard,
    imports,
    incoming_visits,
    institutions,
    nominations,
    objections,
    org_units,
    partner_records,
    partnerships,
    people,
    placement_dashboard,
    placements,
    programs,
    quota,
    review_rubric,
    reviews,
    selection,
    selection_runs,
    visit_approvals,
    visits,
)
