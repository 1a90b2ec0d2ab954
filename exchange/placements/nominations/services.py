"""Nominating placed students, their dates, the partner's answer and the status moves.

Each service checks its rule, writes an audit record, notifies the student (and, for the
partner's answer, the coordinators concerned) and flushes; the request commits.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.applications.policy import coordinators_concerned
from exchange.applications.states import ApplicationState
from exchange.applications.transitions import change_application_state
from exchange.extensions import db
from exchange.notifications.notify import notify, site_path
from exchange.placements.nominations.models import (
    ACTIVE,
    DATE_FIELDS,
    REASON_MAX,
    Nomination,
    NominationError,
    NominationStatus,
    PartnerAnswer,
    nomination_workflow,
    subject_areas,
)
from exchange.reference import EQF_LEVELS, ISCED_FIELDS

STUDENT_ENDPOINT = "student.application_detail"
OFFICE_ENDPOINT = "coordinator.nomination_detail"


def active_nomination(application) -> Nomination | None:
    return db.session.scalar(
        select(Nomination).where(
            Nomination.application_id == application.id, Nomination.status.in_(list(ACTIVE))
        )
    )


def _check_dates(arrival: date | None, departure: date | None) -> None:
    if arrival is None:
        raise NominationError(_l("Enter the planned arrival date."), "planned_arrival")
    if departure is None:
        raise NominationError(_l("Enter the planned departure date."), "planned_departure")
    if departure <= arrival:
        raise NominationError(_l("The departure must come after the arrival."),
                              "planned_departure")  # fmt: skip


def _tell_student(nomination, title, body) -> None:
    application = nomination.application
    notify([application.student], kind="nomination.changed", obj=nomination,
           link=site_path(STUDENT_ENDPOINT, application_id=application.id),
           title=title, body=body)  # fmt: skip


def nominate(
    application, *, actor, planned_arrival: date | None, planned_departure: date | None,
    eqf_level: str | None = None, isced_code: str | None = None,
) -> Nomination:  # fmt: skip
    """Nominate a placed student to the partner of their placement's program.

    Side effects: a Nomination (status nomination, answer pending); a `nomination.create`
    audit record; a notice and mail to the student. Flushes, never commits.
    """
    if application.state != ApplicationState.PLACED or application.outcome_program is None:
        raise NominationError(_l("Only a placed student can be nominated; this application is "
                                 "%(state)s.", state=application.state.label))  # fmt: skip
    if active_nomination(application) is not None:
        raise NominationError(_l("This student is already nominated; cancel that nomination "
                                 "first to nominate them again."))  # fmt: skip
    _check_dates(planned_arrival, planned_departure)
    if eqf_level and eqf_level not in EQF_LEVELS:
        raise NominationError(_l("Choose an EQF level from the list."), "eqf_level")
    program = application.outcome_program
    if isced_code and isced_code not in ISCED_FIELDS and isced_code not in subject_areas(program):
        raise NominationError(_l("Choose an ISCED-F field from the list."), "isced_code")
    nomination = Nomination(
        application=application, program_id=program.id, partner_id=program.partnership.partner_id,
        academic_year=program.academic_year, term=program.term,
        planned_arrival=planned_arrival, planned_departure=planned_departure,
        eqf_level=eqf_level or None, isced_code=isced_code or None,
        status=NominationStatus.NOMINATION, partner_answer=PartnerAnswer.PENDING,
        nominated_by_id=actor.id,
    )  # fmt: skip
    db.session.add(nomination)
    db.session.flush()
    audit.record("nomination.create", nomination, actor=actor, after=audit.snapshot(
        nomination, ["application_id", "program_id", "partner_id", "academic_year", "term",
                     *DATE_FIELDS, "eqf_level", "isced_code", "status"]))  # fmt: skip
    _tell_student(nomination,
                  _l("You are nominated to %(partner)s", partner=program.partnership.partner.name),
                  _l("The international office nominated you to %(partner)s for %(program)s, "
                     "planned from %(arrival)s to %(departure)s. The partner confirms the "
                     "nomination; we tell you when it answers.",
                     partner=program.partnership.partner.name, program=program.title,
                     arrival=planned_arrival.isoformat(),
                     departure=planned_departure.isoformat()))  # fmt: skip
    return nomination


def update_dates(
    nomination: Nomination, *, actor, planned_arrival: date | None, planned_departure: date | None
) -> Nomination:
    """Change the planned dates while the mobility has not ended (audited as a diff)."""
    if nomination.status not in (NominationStatus.NOMINATION, NominationStatus.LIVE):
        raise NominationError(_l("The dates of a %(status)s nomination cannot change.",
                                 status=nomination.status.label.lower()))  # fmt: skip
    _check_dates(planned_arrival, planned_departure)
    before = audit.snapshot(nomination, DATE_FIELDS)
    nomination.planned_arrival, nomination.planned_departure = planned_arrival, planned_departure
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(nomination, DATE_FIELDS))
    if new:
        audit.record("nomination.dates", nomination, actor=actor, before=old, after=new)
        _tell_student(nomination, _l("New planned dates for your exchange"),
                      _l("Planned from %(arrival)s to %(departure)s.",
                         arrival=planned_arrival.isoformat(),
                         departure=planned_departure.isoformat()))  # fmt: skip
        db.session.flush()
    return nomination


def record_partner_answer(
    nomination: Nomination, *, actor, answer: PartnerAnswer | str, answered_on: date | None,
    reason: str | None = None, today: date | None = None,
) -> Nomination:  # fmt: skip
    """Record the partner's answer once. Rejected: the student goes back to the coordinator,
    who offers another destination or cancels (the list shows it).

    Side effects: answer fields; a `nomination.partner_<answer>` audit record; a notice and
    mail to the student and the coordinators concerned. Flushes, never commits.
    """
    try:
        answer = PartnerAnswer(answer)
    except ValueError:
        raise NominationError(_l("Choose the partner's answer."), "answer") from None
    if answer == PartnerAnswer.PENDING:
        raise NominationError(_l("Choose the partner's answer."), "answer")
    if nomination.partner_answer != PartnerAnswer.PENDING:
        raise NominationError(_l("The partner's answer was already recorded on %(day)s.",
                                 day=nomination.partner_answered_on.isoformat()))  # fmt: skip
    if nomination.status != NominationStatus.NOMINATION:
        raise NominationError(_l("This nomination is %(status)s; no answer can be recorded.",
                                 status=nomination.status.label.lower()))  # fmt: skip
    today = today or date.today()
    if answered_on is None:
        raise NominationError(_l("Enter the day the partner answered."), "answered_on")
    if answered_on > today:
        raise NominationError(_l("The answer cannot come from the future."), "answered_on")
    reason = (reason or "").strip() or None
    if answer == PartnerAnswer.REJECTED and not reason:
        raise NominationError(_l("Say why the partner rejected the nomination."), "reason")
    if reason and len(reason) > REASON_MAX:
        raise NominationError(_l("Keep the reason under %(max)s characters.", max=REASON_MAX),
                              "reason")  # fmt: skip
    nomination.partner_answer, nomination.partner_answered_on = answer, answered_on
    nomination.partner_reason = reason
    db.session.flush()
    audit.record(f"nomination.partner_{answer.value}", nomination, actor=actor,
                 before={"partner_answer": "pending"},
                 after={"partner_answer": answer.value, "answered_on": answered_on.isoformat()},
                 note=reason)  # fmt: skip
    _tell_answer(nomination)
    return nomination


def _tell_answer(nomination: Nomination) -> None:
    application, partner = nomination.application, nomination.partner.name
    if nomination.partner_answer == PartnerAnswer.ACCEPTED:
        title = _l("%(partner)s accepted your nomination", partner=partner)
        body = _l("Your exchange is confirmed by the host. Watch your mail for their next "
                  "steps (housing, registration).")  # fmt: skip
    else:
        title = _l("%(partner)s did not accept your nomination", partner=partner)
        body = _l("The partner's reason: %(reason)s\nThe international office contacts you "
                  "about another destination.", reason=nomination.partner_reason)  # fmt: skip
    _tell_student(nomination, title, body)
    notify(coordinators_concerned(application), kind="nomination.answered", obj=nomination,
           link=site_path(OFFICE_ENDPOINT, nomination_id=nomination.id),
           title=_l("%(partner)s: %(answer)s (%(student)s)", partner=partner,
                    answer=nomination.partner_answer.label.lower(),
                    student=application.student.full_name),
           body=nomination.partner_reason or "", mail=False)  # fmt: skip


def change_nomination_status(
    nomination: Nomination, target: NominationStatus | str, *, actor, note: str | None = None,
    today: date | None = None, end_placement: bool = False,
) -> Nomination:  # fmt: skip
    """Mark the mobility live (accepted, from the planned arrival on), recognized, or cancel.
    Cancelling with `end_placement` also cancels the placed application (the seat is freed
    and offered to the waiting list by the seat receivers).

    Side effects: a `nomination.<status>` audit record (the workflow's); a notice and mail to
    the student; with end_placement the application's own move, audit and notice. Flushes.
    """
    target = NominationStatus(target)
    today = today or date.today()
    if target == NominationStatus.LIVE:
        if nomination.partner_answer != PartnerAnswer.ACCEPTED:
            raise NominationError(_l("The mobility can start only once the partner accepted "
                                     "the nomination."))  # fmt: skip
        if today < nomination.planned_arrival:
            raise NominationError(_l("The mobility starts on the planned arrival, %(day)s; "
                                     "change the dates if it started earlier.",
                                     day=nomination.planned_arrival.isoformat()))  # fmt: skip
    if target == NominationStatus.CANCELLED and not (note or "").strip():
        raise NominationError(_l("Say why the nomination is cancelled."), "note")
    nomination_workflow.transition(nomination, target, actor=actor, note=note)
    application = nomination.application
    if end_placement and target == NominationStatus.CANCELLED:
        if application.state != ApplicationState.PLACED:
            raise NominationError(_l("The application is %(state)s, not placed; nothing to "
                                     "cancel.", state=application.state.label.lower()))  # fmt: skip
        change_application_state(application, ApplicationState.CANCELLED, actor=actor, note=note)
    _tell_student(nomination,
                  _l("Your nomination to %(partner)s: %(status)s", partner=nomination.partner.name,
                     status=target.label.lower()),
                  note or "")  # fmt: skip
    return nomination


def cancel_with_application(application, *, actor) -> None:
    """An application withdrawn or cancelled takes its nomination with it (audited)."""
    nomination = active_nomination(application)
    if nomination is not None and nomination.status != NominationStatus.RECOGNIZED:
        nomination_workflow.transition(
            nomination, NominationStatus.CANCELLED, actor=actor,
            note=str(_l("The application was %(state)s.", state=application.state.label.lower())),
        )  # fmt: skip
