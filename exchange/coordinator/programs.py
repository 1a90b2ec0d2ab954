"""Programs (calls for applications)."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from exchange.coordinator import bp
from exchange.extensions import db
from exchange.programs.models import Program


@bp.get("/programs")
def program_list():
    programs = db.session.scalars(select(Program).order_by(Program.opens_on.desc())).all()
    return render_template("coordinator/program_list.html", programs=programs)
