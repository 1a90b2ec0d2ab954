"""Tell the student that their application changed: an in-app notice and a mail.

Each kind has its own mail template, templates/mail/application_<kind>.txt; the general
mechanism (exchange.notifications.notify) writes the notice and queues the mail in the
caller's transaction.
"""

from __future__ import annotations

from exchange.notifications.notify import notify, site_path

STUDENT_APPLICATION_ENDPOINT = "student.application_detail"


def application_link(application) -> str:
    """The site path of the student's page of this application."""
    return site_path(STUDENT_APPLICATION_ENDPOINT, application_id=application.id)


def notify_application(recipients, application, *, kind: str, title, body, **context) -> None:
    """Notify `recipients` about `application`; `kind` is e.g. "submitted" (the notice kind
    becomes "application.submitted", the mail template mail/application_submitted.txt).

    Side effects: Notice rows and outbox mails. Flushes, never commits.
    """
    notify(
        recipients,
        kind=f"application.{kind}",
        title=str(title),
        body=str(body),
        link=application_link(application),
        obj=application,
        mail=True,
        mail_template=f"mail/application_{kind}.txt",
        **(context | {"application": application, "call": application.call}),
    )
