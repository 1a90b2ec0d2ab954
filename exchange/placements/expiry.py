"""Offers not answered by their deadline expire: by `flask exchange expire-offers` (a
scheduler runs it daily) and on read (the student's result page and the office's offers page
expire what is due before showing it), so nothing depends on the scheduler alone."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.extensions import db

S = ApplicationState


def expire_offers(today: date | None = None, *, call_id: int | None = None) -> int:
    """Every offer whose deadline has passed becomes expired (actor: the system).

    Side effects per offer: `application.expired` audit; the seat freed and the next
    waitlisted applicant promoted; notice and mail to the student. Flushes; returns the count.
    """
    today = today or date.today()
    query = select(Application).where(
        Application.state == S.OFFERED, Application.offer_deadline < today
    )
    if call_id is not None:
        query = query.where(Application.call_id == call_id)
    expired = 0
    for application in db.session.scalars(query.order_by(Application.id)).all():
        change_application_state(
            application, S.EXPIRED, actor=None,
            note=str(_l("Not answered by %(day)s.", day=application.offer_deadline.isoformat())),
        )  # fmt: skip
        expired += 1
    return expired


def expire_if_due(application: Application, today: date | None = None) -> bool:
    """On read: expire this one offer when its deadline has passed. True when it did."""
    today = today or date.today()
    if application.state != S.OFFERED or application.offer_deadline is None:
        return False
    if today <= application.offer_deadline:
        return False
    return expire_offers(today, call_id=application.call_id) > 0
