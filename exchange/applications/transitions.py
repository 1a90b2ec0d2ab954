"""Moving an application between states: the workflow, the signal, and the notice.

`move` is what every service uses (it writes the audit record through application_workflow
and sends `state_changed`). `change_application_state` adds the generic notice for moves
that have no service of their own yet (the review and placement states of issues 5 and 6).
Decisions of a committed selection run are never announced here: the student learns them
at the call's release, which has its own notice.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange.applications.notifying import notify_application
from exchange.applications.signals import state_changed
from exchange.applications.states import DECISIONS, ApplicationState, application_workflow


def move(application, target: ApplicationState, *, actor, note: str | None = None):
    """Transition (audited, flushed), then tell the receivers of `state_changed`."""
    previous = application.state
    event = application_workflow.transition(application, target, actor=actor, note=note)
    state_changed.send(application, previous=previous, target=target, actor=actor)
    return event


def change_application_state(
    application, target, *, actor, note: str | None = None, deadline: date | None = None
):
    """Move the application and tell the student in plain words what the new state means;
    `deadline` is the one the next step names (an offer's answer-by date, for instance).

    Side effects: an `application.<state>` audit record; `state_changed`; a notice and a
    mail to the student (none for unreleased decisions); flushes. Moves with data of their
    own (submit, reopen, withdraw) have their own services and are refused here.
    """
    target = ApplicationState(target)
    if target in (ApplicationState.SUBMITTED, ApplicationState.DRAFT, ApplicationState.WITHDRAWN):
        raise ValueError(f"Use the {target.value} service, which records its data.")
    event = move(application, target, actor=actor, note=note)
    if target not in DECISIONS:
        notify_application(
            [application.student], application, kind="state",
            title=_l("%(call)s: %(state)s", call=application.call.title, state=target.label),
            body=f"{target.explanation}\n{target.next_step_before(deadline)}",
            state=target, note=note,
        )  # fmt: skip
    return event
