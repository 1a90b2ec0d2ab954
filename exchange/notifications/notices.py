"""In-app notices: what changed for a person, listed on their notices page until read.

Notices are written by `exchange.notifications.notify.notify`, next to the change that caused
them. Reading a notice is the reader's own bookkeeping, not a change to shared data, so it is
not audited (the change that caused the notice is).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.extensions import db
from exchange.rules import RuleError

# `application.submitted`, `visit.returned_for_changes`: lower-case words joined by dots.
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
KIND_MAX, TITLE_MAX, LINK_MAX, OBJECT_TYPE_MAX = 80, 200, 500, 60


class NoticeError(RuleError):
    """A notice that would be wrong to store: a caller's mistake, never a user's input."""


class Notice(db.Model):
    __tablename__ = "notices"
    __table_args__ = (
        # The navbar counts unread notices on every page: recipient first, then read state.
        Index("ix_notices_recipient_unread", "recipient_id", "read_at"),
        Index("ix_notices_recipient_created", "recipient_id", "created_at"),
        CheckConstraint("kind <> ''", name="kind_not_empty"),
        CheckConstraint("title <> ''", name="title_not_empty"),
        # A site path: one leading slash. "//host" would send the reader to another site.
        CheckConstraint(
            "link IS NULL OR (link LIKE '/%' AND link NOT LIKE '//%')", name="link_site_path"
        ),
        CheckConstraint(
            "(object_type IS NULL AND object_id IS NULL)"
            " OR (object_type IS NOT NULL AND object_id IS NOT NULL)",
            name="object_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(KIND_MAX))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(LINK_MAX))
    object_type: Mapped[str | None] = mapped_column(String(OBJECT_TYPE_MAX))
    object_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.current_timestamp()
    )
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient = relationship("User")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.kind} to {self.recipient_id}>"


def check_link(link: str | None) -> str | None:
    """The link when it is a path on this site ("/student/..."), else NoticeError."""
    if link is None:
        return None
    if (
        not link.startswith("/")
        or link.startswith("//")
        # Browsers read a backslash as a slash, so "/\evil.example" is another host.
        or "\\" in link
        or any(ord(c) < 32 or c.isspace() for c in link)
        or len(link) > LINK_MAX
    ):
        raise NoticeError(f"A notice links to a path on this site, not {link!r}.", "link")
    return link


def check_kind(kind: str) -> str:
    if not KIND_PATTERN.match(kind or "") or len(kind) > KIND_MAX:
        raise NoticeError(
            f"A notice kind looks like 'application.submitted', not {kind!r}.", "kind"
        )
    return kind


def unread_count(user) -> int:
    """The number of unread notices of a user: one COUNT on the (recipient, read_at) index."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notice)
        .where(Notice.recipient_id == user.id, Notice.read_at.is_(None))
    )


def notices_for(user, *, unread_only: bool = False):
    """A select() of a user's notices, newest first (for pagination)."""
    query = select(Notice).where(Notice.recipient_id == user.id)
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    return query.order_by(Notice.created_at.desc(), Notice.id.desc())


def mark_read(notice: Notice, *, actor) -> bool:
    """Mark one notice read by its recipient; True when it was unread. Flushes."""
    if actor is None or notice.recipient_id != actor.id:
        raise NoticeError("Only the recipient can mark a notice read.", "recipient")
    if notice.read_at is not None:
        return False
    notice.read_at = utcnow()
    db.session.flush()
    return True


def mark_all_read(user) -> int:
    """Mark every unread notice of a user read in one UPDATE; returns how many. Flushes."""
    result = db.session.execute(
        update(Notice)
        .where(Notice.recipient_id == user.id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0
