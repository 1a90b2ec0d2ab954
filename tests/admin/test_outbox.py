"""The mail outbox page: states, attempts, errors, and retrying on demand."""

from datetime import timedelta

from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import OutboxState
from tests import factories as f


def test_outbox_lists_messages_with_attempts_and_errors(login_as):
    f.outbox_message(recipient="sent@example.edu", state=OutboxState.SENT, attempts=1,
                     sent_at=utcnow())  # fmt: skip
    f.outbox_message(recipient="waiting@example.edu", attempts=3,
                     last_error="ConnectionRefusedError: [Errno 111] Connection refused",
                     next_attempt_at=utcnow() + timedelta(hours=1))  # fmt: skip
    f.outbox_message(recipient="failed@example.edu", state=OutboxState.FAILED, attempts=8,
                     last_error="SMTPRecipientsRefused")  # fmt: skip

    page = login_as(f.admin()).get("/admin/outbox").get_data(as_text=True)

    expected = [
        "sent@example.edu",
        "waiting@example.edu",
        "failed@example.edu",
        "Connection refused",
        "SMTPRecipientsRefused",
        "Retry all undelivered now",
    ]
    assert [text for text in expected if text not in page] == []


def test_outbox_filters_by_state(login_as):
    f.outbox_message(recipient="sent@example.edu", state=OutboxState.SENT, sent_at=utcnow())
    f.outbox_message(recipient="failed@example.edu", state=OutboxState.FAILED)
    page = login_as(f.admin()).get("/admin/outbox?state=failed").get_data(as_text=True)
    assert "failed@example.edu" in page and "sent@example.edu" not in page


def test_outbox_empty_state_says_how_mail_arrives(login_as):
    page = login_as(f.admin()).get("/admin/outbox").get_data(as_text=True)
    assert "The outbox is empty." in page
    assert "Retry all undelivered now" not in page


def test_outbox_retry_delivers_what_waits(login_as, mailbox):
    message = f.outbox_message(recipient="waiting@example.edu", attempts=2,
                               next_attempt_at=utcnow() + timedelta(hours=2))  # fmt: skip
    failed = f.outbox_message(recipient="failed@example.edu", state=OutboxState.FAILED, attempts=8)
    client = login_as(f.admin())

    response = client.post("/admin/outbox/retry")

    assert response.status_code == 302
    db.session.refresh(message)
    db.session.refresh(failed)
    assert (message.state, failed.state) == (OutboxState.SENT, OutboxState.SENT)
    assert len(mailbox.to("waiting@example.edu")) == 1
    assert "Delivered 2 messages." in client.get("/admin/outbox").get_data(as_text=True)


def test_outbox_retry_one_message_leaves_the_others(login_as, mailbox):
    one = f.outbox_message(
        recipient="one@example.edu", next_attempt_at=utcnow() + timedelta(hours=1)
    )
    other = f.outbox_message(
        recipient="two@example.edu", next_attempt_at=utcnow() + timedelta(hours=1)
    )

    login_as(f.admin()).post("/admin/outbox/retry", data={"message_id": str(one.id)})

    db.session.refresh(one)
    db.session.refresh(other)
    assert (one.state, other.state) == (OutboxState.SENT, OutboxState.PENDING)
    assert mailbox.to("two@example.edu") == []


def test_outbox_retry_while_smtp_is_down_says_so(app, login_as, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_PORT", closed)
    message = f.outbox_message(next_attempt_at=utcnow() + timedelta(hours=1))
    client = login_as(f.admin())

    client.post("/admin/outbox/retry")

    db.session.refresh(message)
    assert message.state == OutboxState.PENDING and "Connection" in message.last_error
    assert "Delivered 0 of 1 messages" in client.get("/admin/outbox").get_data(as_text=True)


def test_outbox_retry_with_nothing_to_retry_says_so(login_as):
    client = login_as(f.admin())
    client.post("/admin/outbox/retry")
    assert "There is no undelivered mail to retry." in client.get("/admin/outbox").get_data(
        as_text=True
    )
