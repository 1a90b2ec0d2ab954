"""One request, one transaction: views call commit() once, after the services have flushed."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from exchange.extensions import db
from exchange.notifications.mail import deliver_pending


def commit() -> None:
    db.session.commit()
    if current_app.config.get("MAIL_SEND_ON_COMMIT"):
        _deliver_mail_quietly()


def _deliver_mail_quietly() -> None:
    # Delivery must never fail the request that queued the mail: what fails stays queued.
    try:
        deliver_pending(limit=20)
    except Exception:  # noqa: BLE001 - logged; the outbox keeps the message for a retry
        db.session.rollback()
        current_app.logger.exception("Mail delivery after commit failed")


def ping() -> None:
    """One round trip to the database (the health check); raises when it does not answer."""
    db.session.execute(select(1))
