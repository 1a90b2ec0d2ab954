"""Tell the people concerned that an application changed: a notice and a mail.

The general mechanism (in-app notices plus mail) lives in exchange/notifications; this hook
uses it when it is there and its notices page is registered, and otherwise queues the mail
alone through the outbox, so an application change is never silent. Each kind has its own
mail template, templates/mail/application_<kind>.txt, which works for both paths.
"""

from __future__ import annotations

import importlib

from flask import current_app
from werkzeug.routing import BuildError

from exchange.notifications.mail import queue_mail

# The student's page of one application (built by the student screens). Until it exists,
# links point at the student's dashboard.
STUDENT_APPLICATION_ENDPOINT = "student.application_detail"
STUDENT_FALLBACK_ENDPOINT = "student.dashboard"


def _general_notify():
    """`notify` of the notifications package when it can run here, else None."""
    for name in ("exchange.notifications.notify", "exchange.notifications.notices"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        notify = getattr(module, "notify", None)
        endpoint = getattr(module, "NOTICE_LIST_ENDPOINT", None)
        if notify is not None and (endpoint is None or endpoint in current_app.view_functions):
            return notify
    return None


def _path(endpoint: str, **values) -> str:
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return adapter.build(endpoint, values)


def application_link(application) -> str | None:
    """The site path of the student's application page (or their dashboard until it exists)."""
    try:
        return _path(STUDENT_APPLICATION_ENDPOINT, application_id=application.id)
    except BuildError:
        try:
            return _path(STUDENT_FALLBACK_ENDPOINT)
        except BuildError:
            return None


def _absolute(path: str | None) -> str | None:
    if path is None:
        return None
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def notify_application(recipients, application, *, kind: str, title, body, **context) -> None:
    """Notify `recipients` about `application`; `kind` is e.g. "submitted" (the notice kind
    becomes "application.submitted", the mail template mail/application_submitted.txt).

    Side effects: Notice rows and outbox mails through the notifications package, or outbox
    mails alone while that is not available. Flushes, never commits.
    """
    template = f"mail/application_{kind}.txt"
    link = application_link(application)
    title, body = str(title), str(body)
    context = context | {"application": application, "call": application.call}
    notify = _general_notify()
    if notify is not None:
        notify(recipients, kind=f"application.{kind}", title=title, body=body, link=link,
               obj=application, mail=True, mail_template=template, **context)  # fmt: skip
        return
    seen = set()
    for person in recipients:
        if person is None or person.id in seen or not person.is_active:
            continue
        seen.add(person.id)
        words = dict(user=person, title=title, body=body, link=_absolute(link), notices_url=None)
        queue_mail(person.email, title, template, **(context | words))
