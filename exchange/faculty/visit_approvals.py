"""Unit heads: the visit proposals of their unit waiting for their decision.

The page and the decision are the office's too (exchange/visits/screens.py); here are the
faculty area's routes and its queue.
"""

from __future__ import annotations

from flask_login import current_user

from exchange.faculty.views import bp
from exchange.visits import queries, screens
from exchange.web import page


@bp.get("/visit-approvals")
def visit_approval_list():
    return page(
        "faculty/visits/approval_list.html",
        visits=queries.approval_queue(current_user),
        heads_unit=queries.heads_some_unit(current_user),
    )


@bp.get("/visit-approvals/<int:visit_id>")
def visit_approval_detail(visit_id: int):
    return screens.approval_page("faculty", screens.visible_visit(visit_id))


@bp.post("/visit-approvals/<int:visit_id>")
def visit_decide(visit_id: int):
    return screens.decide("faculty", screens.visible_visit(visit_id))
