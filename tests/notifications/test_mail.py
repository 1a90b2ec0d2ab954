"""Mail goes through the outbox: written with the change, delivered by SMTP, never lost."""

import re
import socket
from datetime import timedelta

from sqlalchemy import func, select, update

from exchange import audit
from exchange.accounts.models import User
from exchange.accounts.passwords import verify_password
from exchange.accounts.roles import Role
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications import mail
from exchange.notifications.models import OutboxMessage, OutboxState
from tests import factories as f

PASSWORD = "cobalt meadow trumpet"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def _invite(client, unit, email="karim@example.edu"):
    return client.post(
        "/admin/users/invite",
        data={"full_name": "Karim Nasser", "email": email, "role": Role.FACULTY.value,
              "org_unit_id": str(unit.id)},
    )  # fmt: skip


def _link(message, prefix: str) -> str:
    body = message.get_content()
    return re.search(rf"http://localhost({prefix}\S+)", body).group(1)


def _outbox() -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_invitation_reaches_the_smtp_server_and_its_link_works(app, login_as, mailbox):
    unit = f.org_unit()
    _invite(login_as(f.admin(full_name="Ada Admin")), unit)

    [message] = mailbox.to("karim@example.edu")
    assert message["Subject"] == "You are invited to Exchange"
    assert "Ada Admin has invited you" in message.get_content()
    path = _link(message, "/invitation/")
    visitor = app.test_client()
    response = visitor.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.headers["Location"] == "/faculty/"
    assert [m.state for m in _outbox()] == [OutboxState.SENT]


def test_reset_mail_reaches_the_smtp_server_and_its_link_works(client, mailbox):
    f.student(email="nadia@example.edu")

    client.post("/password/forgot", data={"email": "nadia@example.edu"})

    [message] = mailbox.to("nadia@example.edu")
    assert message["Subject"] == "Reset your Exchange password"
    path = _link(message, "/password/reset/")
    assert client.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    person = db.session.scalar(select(User).where(User.email == "nadia@example.edu"))
    assert verify_password(person.password_hash, PASSWORD)


def test_mail_stays_in_the_outbox_while_smtp_is_down_and_goes_out_on_retry(
    app, login_as, mailbox, monkeypatch
):
    unit = f.org_unit()
    monkeypatch.setitem(app.config, "MAIL_PORT", _closed_port())

    response = _invite(login_as(f.admin()), unit)

    assert response.status_code == 302  # the invitation itself succeeded
    [message] = _outbox()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > utcnow()
    assert mailbox.messages == []

    monkeypatch.undo()  # the server is back
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["exchange", "deliver-mail"])

    assert result.exit_code == 0
    assert "Sent 1, failed 0." in result.output
    db.session.refresh(message)
    assert (message.state, message.attempts, message.last_error) == (OutboxState.SENT, 2, None)
    [received] = mailbox.to("karim@example.edu")
    assert "/invitation/" in received.get_content()


def test_deliver_mail_leaves_a_message_that_is_not_yet_due(app, mailbox):
    f.outbox_message(next_attempt_at=utcnow() + timedelta(minutes=5))
    result = app.test_cli_runner().invoke(args=["exchange", "deliver-mail"])
    assert "Sent 0, failed 0." in result.output
    assert mailbox.messages == []


def test_message_is_marked_failed_after_the_last_attempt(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PORT", _closed_port())
    last = app.config["MAIL_MAX_ATTEMPTS"]
    message = f.outbox_message(attempts=last - 1)

    sent, failed = mail.deliver_pending()

    db.session.refresh(message)
    assert (sent, failed) == (0, 1)
    assert (message.state, message.attempts) == (OutboxState.FAILED, last)


def test_retry_now_gives_a_failed_message_one_more_try(app, mailbox):
    message = f.outbox_message(state=OutboxState.FAILED, attempts=8, last_error="refused",
                               next_attempt_at=utcnow() + timedelta(hours=4))  # fmt: skip
    admin = f.admin()

    ids = mail.retry_now(actor=admin)
    db.session.commit()
    sent, failed = mail.deliver_pending()

    assert ids == [message.id]
    assert (sent, failed) == (1, 0)
    db.session.refresh(message)
    assert message.state == OutboxState.SENT
    event = db.session.scalar(
        select(audit.AuditEvent).where(audit.AuditEvent.action == "outbox.retry")
    )
    assert (event.actor_id, event.after) == (admin.id, {"messages": [message.id]})


def test_invitation_and_its_mail_are_one_transaction(login_as, mailbox, monkeypatch):
    unit = f.org_unit()
    client = login_as(f.admin())
    real_record = audit.record

    def failing_record(action, *args, **kwargs):
        if action == "user.invite":
            raise RuntimeError("database hiccup after the mail was queued")
        return real_record(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing_record)

    response = _invite(client, unit)

    assert response.status_code == 500
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(select(User).where(User.email == "karim@example.edu")) is None
    assert mailbox.messages == []
