"""Student screens."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from exchange.accounts.roles import Role
from exchange.auth.gate import gate_blueprint
from exchange.extensions import db
from exchange.programs.queries import open_programs_query

bp = Blueprint("student", __name__, url_prefix="/student")
gate_blueprint(bp, Role.STUDENT)


@bp.get("/")
def dashboard():
    programs = db.session.scalars(open_programs_query(date.today()).limit(12)).all()
    return render_template("student/dashboard.html", programs=programs, student=current_user)
