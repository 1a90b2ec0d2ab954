"""An agreement's quota and balance: places per year by direction and type, and the calls."""

from __future__ import annotations

from flask_login import current_user

from exchange.applications.listing import applied_counts
from exchange.coordinator import bp
from exchange.coordinator.partnerships import partnership_or_404
from exchange.partnerships import policy
from exchange.programs.queries import quota_report
from exchange.web import authorize, page


@bp.get("/partnerships/<int:partnership_id>/quota")
def partnership_quota(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_view_partnership(current_user, partnership))
    return page(
        "coordinator/partnership_quota.html",
        partnership=partnership,
        years=quota_report(partnership),
        applied=applied_counts(partnership.id),
    )
