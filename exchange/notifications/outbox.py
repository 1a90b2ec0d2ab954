"""Reading the mail outbox: how many messages are in each state, and the list to page through."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from exchange.extensions import db
from exchange.notifications.models import OutboxMessage, OutboxState


def outbox_counts() -> dict[OutboxState, int]:
    """How many messages are in each state (a state with none is absent)."""
    counts = db.session.execute(
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
    )
    return {OutboxState(state): n for state, n in counts}


def outbox_query(state: str | None = None) -> Select:
    """The outbox, newest first, only the messages in `state` when one is given."""
    query = select(OutboxMessage)
    if state:
        query = query.where(OutboxMessage.state == state)
    return query.order_by(OutboxMessage.id.desc())


def sent_count(ids: list[int]) -> int:
    """How many of these messages are sent by now."""
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OutboxState.SENT)
    )
