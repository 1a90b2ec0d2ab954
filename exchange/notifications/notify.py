"""Tell people that something changed: a notice in the app and a mail through the outbox.

The one entry point for every workflow (applications, selection, offers, visits)::

    notify(
        [application.student, *coordinators],
        kind="application.submitted",
        title=_l("Application submitted: %(call)s", call=program.title),
        body=_l("Your application was received on %(day)s.", day=...),
        link=site_path("student.application_detail", application_id=application.id),
        obj=application,
    )

It rides in the caller's transaction: it only flushes, so a request that fails afterwards
leaves neither a notice nor a mail behind, and the mail is delivered after the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app

from exchange.extensions import db
from exchange.notifications.mail import queue_mail
from exchange.notifications.notices import (
    TITLE_MAX,
    Notice,
    NoticeError,
    check_kind,
    check_link,
)

DEFAULT_MAIL_TEMPLATE = "mail/notice.txt"
# Where people see and manage their notices (the cross-role blueprint in exchange/inbox).
NOTICE_LIST_ENDPOINT = "notices.notice_list"


def site_path(endpoint: str, **values) -> str:
    """The path of an endpoint on this site, without needing a request (CLI jobs notify too)."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return adapter.build(endpoint, values)


def absolute_url(path: str) -> str:
    """A site path as an absolute URL under PUBLIC_URL (never the request's Host header)."""
    check_link(path)
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    base = f"{parts.scheme or 'https'}://{parts.netloc}{parts.path.rstrip('/')}"
    return base + path


def _distinct_active(recipients: Iterable) -> list:
    seen, people = set(), []
    for person in recipients:
        if person is None or person.id in seen or not person.is_active:
            continue
        seen.add(person.id)
        people.append(person)
    return people


def notify(
    recipients: Iterable,
    *,
    kind: str,
    title: str,
    body: str,
    link: str | None = None,
    obj=None,
    mail: bool = True,
    mail_template: str | None = None,
    **context,
) -> list[Notice]:
    """Write one notice per distinct active recipient and, with mail=True, queue one mail each.

    Side effects: Notice rows; OutboxMessage rows (subject = title) rendered from
    `mail_template` (default mail/notice.txt) with user, notice, title, body, link (absolute),
    notices_url and the extra `context`. Deactivated accounts and repeats are skipped.
    Flushes, never commits. Raises NoticeError for a malformed kind or link or no title.
    """
    check_kind(kind)
    check_link(link)
    # One line (it is also the mail's Subject header), shortened rather than failing the change
    # that caused it when it quotes a long title someone typed.
    title, body = " ".join(str(title).split()), str(body or "").strip()
    if not title:
        raise NoticeError("A notice needs a title.", "title")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    object_type = object_id = None
    if obj is not None:
        if obj.id is None:
            db.session.flush()
        object_type, object_id = obj.__tablename__, obj.id
    people = _distinct_active(recipients)
    notices = [
        Notice(recipient_id=person.id, kind=kind, title=title, body=body, link=link,
               object_type=object_type, object_id=object_id)
        for person in people
    ]  # fmt: skip
    db.session.add_all(notices)
    db.session.flush()
    if mail:
        notices_url = absolute_url(site_path(NOTICE_LIST_ENDPOINT))
        absolute_link = absolute_url(link) if link else None
        for person, notice in zip(people, notices, strict=True):
            queue_mail(
                person.email, title, mail_template or DEFAULT_MAIL_TEMPLATE,
                **(context | dict(user=person, notice=notice, title=title, body=body,
                                  link=absolute_link, notices_url=notices_url)),
            )  # fmt: skip
    return notices
