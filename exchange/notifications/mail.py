"""Queue mail in the current transaction; deliver pending mail over SMTP with retries."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from sqlalchemy import select

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)


def queue_mail(recipient: str, subject: str, template: str, **context) -> OutboxMessage:
    """Render a plain-text mail template and add it to the outbox (flushed, not committed)."""
    body = render_template(template, **context)
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    db.session.flush()
    return message


def _build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    return email


def _send(email: EmailMessage) -> None:
    config = current_app.config
    if config["MAIL_BACKEND"] == "console":
        log.warning("Mail (console backend):\n%s", email.as_string())
        print(email.as_string(), flush=True)  # noqa: T201 - the console backend's whole job
        return
    with smtplib.SMTP(
        config["MAIL_HOST"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config["MAIL_USE_STARTTLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(email)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def deliver_pending(limit: int = 50) -> tuple[int, int]:
    """Try each due pending message once; commit after each so one failure loses nothing.

    Returns (sent, failed). A message that fails stays pending with a later next attempt,
    until MAIL_MAX_ATTEMPTS, when it is marked failed for an admin to see.
    """
    now = utcnow()
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    for message_id in ids:
        message = db.session.get(OutboxMessage, message_id, with_for_update={"skip_locked": True})
        if message is None or message.state != OutboxState.PENDING:
            continue
        message.attempts += 1
        try:
            _send(_build(message))
        except (OSError, smtplib.SMTPException) as exc:
            failed += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = utcnow() + _backoff(message.attempts)
            if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                message.state = OutboxState.FAILED
            log.warning("Mail %s to %s not delivered: %s", message.id, message.recipient, exc)
        else:
            sent += 1
            message.state = OutboxState.SENT
            message.sent_at = utcnow()
            message.last_error = None
        db.session.commit()
    return sent, failed


def retry_now(*, actor=None, message_ids=None) -> list[int]:
    """Make undelivered messages due immediately (an admin's "retry now"); returns their ids.

    Side effects: failed messages go back to pending for one more try; an audit record when
    any message was affected. Flushes; the caller commits and then calls deliver_pending.
    """
    query = select(OutboxMessage).where(
        OutboxMessage.state.in_([OutboxState.PENDING, OutboxState.FAILED])
    )
    if message_ids is not None:
        query = query.where(OutboxMessage.id.in_(list(message_ids)))
    now = utcnow()
    ids = []
    for message in db.session.scalars(query.order_by(OutboxMessage.id)):
        message.state = OutboxState.PENDING
        message.next_attempt_at = now
        ids.append(message.id)
    db.session.flush()
    if ids:
        audit.record(
            "outbox.retry", actor=actor, object_type="outbox_messages",
            object_id=ids[0] if len(ids) == 1 else None, after={"messages": ids},
        )  # fmt: skip
    return ids
