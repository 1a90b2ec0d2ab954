"""Partner institutions and org units."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from exchange.coordinator import bp
from exchange.extensions import db
from exchange.partnerships.models import Institution


@bp.get("/institutions")
def institution_list():
    institutions = db.session.scalars(
        select(Institution).order_by(Institution.is_home.desc(), Institution.name)
    ).all()
    return render_template("coordinator/institution_list.html", institutions=institutions)
