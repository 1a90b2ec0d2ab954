"""Faculty screens."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from exchange.accounts.roles import Role
from exchange.auth.gate import gate_blueprint
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.policy import visible_partnerships_clause
from exchange.partnerships.states import PartnershipState

bp = Blueprint("faculty", __name__, url_prefix="/faculty")
gate_blueprint(bp, Role.FACULTY)


@bp.get("/")
def dashboard():
    partnerships = db.session.scalars(
        select(Partnership)
        .where(
            visible_partnerships_clause(current_user),
            Partnership.state.in_([PartnershipState.ACTIVE, PartnershipState.SUSPENDED,
                                   PartnershipState.DRAFT]),
        )
        .options(selectinload(Partnership.conditions))
        .order_by(Partnership.title)
    ).all()  # fmt: skip
    return render_template("faculty/dashboard.html", partnerships=partnerships)
