"""Admin screens."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from exchange.accounts.models import User, UserRole
from exchange.accounts.roles import Role
from exchange.auth.gate import gate_blueprint
from exchange.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")
gate_blueprint(bp, Role.ADMIN)


@bp.get("/")
def dashboard():
    by_role = dict(
        db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role)).all()
    )
    users = db.session.scalars(select(User).order_by(User.created_at.desc()).limit(10)).all()
    return render_template(
        "admin/dashboard.html", by_role={Role(k): v for k, v in by_role.items()}, users=users
    )
