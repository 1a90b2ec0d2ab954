"""Partnerships (agreements) and their cooperation conditions."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from exchange.coordinator import bp
from exchange.extensions import db
from exchange.partnerships.models import Partnership


@bp.get("/partnerships")
def partnership_list():
    partnerships = db.session.scalars(select(Partnership).order_by(Partnership.title)).all()
    return render_template("coordinator/partnership_list.html", partnerships=partnerships)
