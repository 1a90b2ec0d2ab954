"""Objections to a released result: the window, the record, and the services.

After the release of a call's results (Call.results_released_at) the applicant may lodge ONE
objection per application, with a written reason, within the call's `objection_days` WORKING
days (Monday to Friday) counted from the day after the release: released on a Friday with 5
days, the last day to object is the next Friday. Public holidays are not known to Exchange and
count as working days (an office that closes on them gives a day more by hand: answer late).
`objection_days = 0` means the call takes no objections.

A coordinator in scope answers each objection once: upheld (the decision changes through the
normal application transitions; for an applicant not selected or on the waiting list the
answer may offer a place in one of their chosen programs, when a seat is free) or rejected,
always with a written answer the student reads. Every step is audited and notified.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from exchange import audit
from exchange.applications.seats import SeatsFull
from exchange.applications.states import ApplicationState
from exchange.db import EnumString, TimestampMixin, UTCDateTime, sql_in, utcnow
from exchange.enums import LabelledEnum
from exchange.extensions import db
from exchange.placements.decisions import decide_application
from exchange.placements.errors import PlacementError
from exchange.placements.objections.notify import tell_answered, tell_lodged
from exchange.rules import RuleError
from exchange.workflow import Workflow

REASON_MAX = 4000
ANSWER_MAX = 4000
# Results a student may object to: a refusal, a waiting-list place, or an offer (for a
# destination ranked lower than hoped). Accepted, placed and final applications are settled.
OBJECTABLE = frozenset(
    {ApplicationState.NOT_SELECTED, ApplicationState.WAITLISTED, ApplicationState.OFFERED}
)
# Upholding may offer a place in one of the ranked programs (another one, for an offer).
OFFERABLE_ON_UPHOLD = OBJECTABLE


class ObjectionState(LabelledEnum):
    LODGED = "lodged", _l("Awaiting an answer"), "warning"
    UPHELD = "upheld", _l("Upheld"), "success"
    REJECTED = "rejected", _l("Rejected"), "dark"


_O = ObjectionState
objection_workflow = Workflow(
    "objection", {_O.LODGED: frozenset({_O.UPHELD, _O.REJECTED}), _O.UPHELD: frozenset(),
                  _O.REJECTED: frozenset()}
)  # fmt: skip


class Objection(TimestampMixin, db.Model):
    __tablename__ = "objections"
    __table_args__ = (
        CheckConstraint(sql_in("state", ObjectionState.values()), name="state_known"),
        CheckConstraint("length(reason) > 0", name="reason_given"),
        # An answered objection carries its answer and time; a lodged one has neither.
        CheckConstraint(
            "(state = 'lodged' AND answer IS NULL AND answered_at IS NULL"
            " AND answered_by_id IS NULL)"
            " OR (state <> 'lodged' AND answer IS NOT NULL AND length(answer) > 0"
            " AND answered_at IS NOT NULL)",
            name="answered_when_decided",
        ),
        CheckConstraint(
            "offered_program_id IS NULL OR state = 'upheld'", name="offer_only_when_upheld"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One objection per application, ever: the unique index is the rule.
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[str] = mapped_column(Text)
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[ObjectionState] = mapped_column(
        EnumString(ObjectionState, 10), default=ObjectionState.LODGED, index=True
    )
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The program offered when upholding it made an offer (None: no offer, or changed by hand).
    offered_program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL")
    )

    # Application.objection (None until lodged); the database deletes it with its application.
    application = relationship(
        "Application", lazy="joined",
        backref=backref("objection", uselist=False, passive_deletes=True),
    )  # fmt: skip
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    offered_program = relationship("Program", foreign_keys=[offered_program_id])

    def __repr__(self) -> str:
        return f"<Objection {self.id} {self.state}>"


class ObjectionError(RuleError):
    """An objection or an answer that breaks a rule; `field` names the form field."""


# --- The window -------------------------------------------------------------------------


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days (Mon-Fri) after `start`; holidays are not known."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def release_day(call) -> date | None:
    """The day the results were released (UTC), or None while they are not."""
    released = call.results_released_at
    return released.date() if released is not None else None


def objection_deadline(call) -> date | None:
    """The last day to object, or None when the results are not out or no objections."""
    day = release_day(call)
    if day is None or not call.objection_days:
        return None
    return add_working_days(day, call.objection_days)


def window_refusal(application, today: date) -> str | None:
    """Why no objection may be lodged today for this application (None when it may)."""
    call = application.call
    if release_day(call) is None:
        return str(_l("The results of this call are not released yet; there is nothing to "
                      "object to."))  # fmt: skip
    if not call.objection_days:
        return str(_l("This call does not take objections."))
    if application.objection is not None:
        return str(
            _l(
                "You already lodged an objection for this application on %(day)s; "
                "only one is possible.",
                day=application.objection.lodged_at.date(),
            )
        )
    deadline = objection_deadline(call)
    if today > deadline:
        return str(_l("The window for objections closed on %(day)s.", day=deadline.isoformat()))
    if application.state not in OBJECTABLE:
        return str(_l("Objections are about a refusal, a waiting-list place or an offer; this "
                      "application is %(state)s.", state=application.state.label))  # fmt: skip
    return None


# --- Services -----------------------------------------------------------------------------


def _text(value: str | None, limit: int, empty_message, long_message, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ObjectionError(empty_message, field)
    if len(value) > limit:
        raise ObjectionError(long_message, field)
    return value


def lodge_objection(application, *, actor, reason: str, today: date | None = None) -> Objection:
    """The applicant objects to the released result.

    Side effects: an Objection row; an `objection.lodge` audit record; a notice and mail to
    the student (receipt) and to the coordinators concerned. Flushes, never commits.
    Raises ObjectionError when not the applicant, outside the window or a second time.
    """
    today = today or date.today()
    if application.student_id != getattr(actor, "id", None):
        raise ObjectionError(_l("Only the applicant may object to this result."))
    refusal = window_refusal(application, today)
    if refusal:
        raise ObjectionError(refusal)
    reason = _text(
        reason,
        REASON_MAX,
        _l("Say why you object: the office reads your reason."),
        _l("Keep the reason under %(max)s characters.", max=REASON_MAX),
        "reason",
    )
    objection = Objection(application=application, reason=reason, state=ObjectionState.LODGED)
    db.session.add(objection)
    db.session.flush()
    audit.record("objection.lodge", objection, actor=actor, after={
        "application_id": application.id, "application_state": application.state.value,
        "state": ObjectionState.LODGED.value}, note=reason)  # fmt: skip
    tell_lodged(objection)
    return objection


def answer_objection(
    objection: Objection, *, actor, upheld: bool, answer: str, program=None,
    today: date | None = None,
) -> Objection:  # fmt: skip
    """Answer a lodged objection once. Upheld with `program` (one of the applicant's choices,
    for an applicant not selected or waitlisted): the application is offered a place there
    through the normal transition (the seat is taken by the database, or ObjectionError says
    that none is free), with the call's answer deadline.

    Side effects: the objection's answer fields; an `objection.upheld|rejected` audit record;
    for an offer, the application moves to offered (its own audit record, seat and notice);
    a notice and mail to the student and the coordinators concerned. Flushes, never commits.
    """
    if objection.state != ObjectionState.LODGED:
        raise ObjectionError(_l("This objection was already answered on %(day)s; an objection "
                                "is answered once.", day=objection.answered_at.date()))  # fmt: skip
    answer = _text(
        answer,
        ANSWER_MAX,
        _l("Write the answer: the student reads it."),
        _l("Keep the answer under %(max)s characters.", max=ANSWER_MAX),
        "answer",
    )
    application = objection.application
    if program is not None:
        if not upheld:
            raise ObjectionError(_l("A place is offered only when the objection is upheld."),
                                 "program_id")  # fmt: skip
        _offer(application, program, actor=actor, today=today or date.today(), answer=answer)
    target = ObjectionState.UPHELD if upheld else ObjectionState.REJECTED
    actor_id = actor.id
    # The answer and the state change together: the CHECK ties them, so no flush in between.
    with db.session.no_autoflush:
        objection.answer = answer
        objection.answered_at = utcnow()
        objection.answered_by_id = actor_id
        objection.offered_program_id = program.id if program is not None else None
        objection_workflow.transition(objection, target, actor=actor, note=answer)
    tell_answered(objection)
    return objection


def _offer(application, program, *, actor, today: date, answer: str) -> None:
    if application.state not in OFFERABLE_ON_UPHOLD:
        raise ObjectionError(
            _l("The application is %(state)s; change its decision by hand instead of offering "
               "a place here.", state=application.state.label), "program_id",
        )  # fmt: skip
    if program.id not in {c.program_id for c in application.choices}:
        raise ObjectionError(_l("Offer one of the programs the student ranked."), "program_id")
    note = str(_l("Objection upheld: %(answer)s", answer=answer))
    try:
        decide_application(application, decision="offer", actor=actor, reason=note,
                           program=program, today=today)  # fmt: skip
    except SeatsFull as full:
        raise ObjectionError(
            _l("%(full)s Uphold it without an offer and change the decision by hand when a "
               "seat is freed.", full=str(full)), "program_id",
        ) from full  # fmt: skip
    except PlacementError as refused:
        raise ObjectionError(str(refused), "program_id") from refused
