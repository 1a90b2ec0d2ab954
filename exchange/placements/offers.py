"""Answering offers: accept, decline, expiry, and the office's approval of the placement.

Each change is one application move (audited, `state_changed`, seat freed by the receiver
in exchange/applications/seats.py, the next waitlisted applicant promoted by promotion.py)
plus the notices: the student's through change_application_state, an in-app notice for the
office in scope.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange.applications.models import Application
from exchange.applications.policy import coordinators_concerned
from exchange.applications.queries import lock_for_update
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.notifications.notify import notify, site_path
from exchange.placements.errors import PlacementError
from exchange.placements.policy import is_released

S = ApplicationState
REASON_MAX = 2000


def _tell_the_office(application: Application, *, kind: str, title, body) -> None:
    notify(
        coordinators_concerned(application), kind=kind, title=str(title), body=str(body),
        link=site_path("coordinator.application_detail", application_id=application.id),
        obj=application, mail=False,
    )  # fmt: skip


def _program_title(application: Application) -> str:
    program = application.outcome_program
    return program.title if program is not None else ""


def _answerable(application: Application, today: date) -> None:
    lock_for_update(application)
    if application.state != S.OFFERED or not is_released(application.call):
        raise PlacementError(
            _l("This application has no open offer (it is %(state)s).",
               state=application.state.label.lower())
        )  # fmt: skip
    if application.offer_deadline is not None and today > application.offer_deadline:
        raise PlacementError(
            _l("The deadline to answer this offer was %(day)s; it can no longer be answered.",
               day=application.offer_deadline.isoformat())
        )  # fmt: skip


def accept_offer(application: Application, *, actor, today: date | None = None) -> Application:
    """The student takes the offered seat (it stays held).

    Side effects: `application.accepted` audit; notice + mail to the student; in-app notice
    to the coordinators in scope; flushes.
    """
    today = today or date.today()
    _answerable(application, today)
    change_application_state(application, S.ACCEPTED, actor=actor)
    _tell_the_office(
        application, kind="placement.accepted",
        title=_l("%(name)s accepted an offer", name=application.student.full_name),
        body=_l("%(name)s accepted the place at %(program)s; approve the placement.",
                name=application.student.full_name, program=_program_title(application)),
    )  # fmt: skip
    return application


def decline_offer(
    application: Application, *, actor, reason: str | None = None, today: date | None = None
) -> Application:
    """The student gives the seat back, with an optional reason.

    Side effects: `application.declined` audit (the reason as note); the seat freed and the
    next waitlisted applicant promoted; notices to the student and the office; flushes.
    """
    today = today or date.today()
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > REASON_MAX:
        raise PlacementError(
            _l("Keep the reason under %(n)s characters.", n=REASON_MAX), field="reason"
        )
    _answerable(application, today)
    change_application_state(application, S.DECLINED, actor=actor, note=reason)
    _tell_the_office(
        application, kind="placement.declined",
        title=_l("%(name)s declined an offer", name=application.student.full_name),
        body=_l("%(name)s declined the place at %(program)s; the seat went back to its "
                "waiting list.", name=application.student.full_name,
                program=_program_title(application)),
    )  # fmt: skip
    return application


def place_application(application: Application, *, actor) -> Application:
    """The office approves the placement of an accepted offer.

    Side effects: `application.placed` audit; notice + mail to the student; flushes.
    """
    lock_for_update(application)
    if application.state != S.ACCEPTED:
        raise PlacementError(
            _l("Only an accepted offer can be placed; this application is %(state)s.",
               state=application.state.label.lower())
        )  # fmt: skip
    change_application_state(application, S.PLACED, actor=actor)
    return application
