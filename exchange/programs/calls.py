"""A call: one application round that groups programs, so that a student ranks several
destinations in one application.

Deadlines are per choice. Each program keeps its own window; at submission every chosen
program must be open (published, its window includes today, its agreement active). The
effective deadline of an application is therefore the EARLIEST `closes_on` among its chosen
programs: after that day at least one choice is closed and the application can no longer be
submitted (or reopened). Before any choice is made, the deadline shown is the latest closing
day of the call's published programs: the last day anything in the call can be submitted.

The call's `max_choices` is the one applications obey (not Program.max_choices).
Services check the rules, write an audit record for every change and flush; the request
commits. A broken rule raises CallError naming the form field it concerns.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange import audit
from exchange.db import TimestampMixin, UTCDateTime
from exchange.extensions import db
from exchange.hooks import Hook
from exchange.partnerships.states import LIVE
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from exchange.reference import academic_year_label
from exchange.rules import RuleError

MAX_CHOICES_LIMIT = 10

# How applications use a call and its programs. Applications sit above programs (a choice
# names a program), so exchange/applications answers these (exchange/hooks.py).
choices_in_use = Hook("programs.choices_in_use")  # (call) -> most programs one application ranks
program_chosen = Hook("programs.program_chosen")  # (program) -> whether an application chose it
CALL_FIELDS = [
    "title",
    "description",
    "academic_year",
    "max_choices",
    "allow_reopen",
    "reviews_open_on",
    "reviews_close_on",
    "results_release_on",
    "objection_days",
    "offer_days",
]
# The selection calendar's limits: objections in working days, answers to offers in days.
MAX_OBJECTION_DAYS = 30
MAX_OFFER_DAYS = 60


class Call(TimestampMixin, db.Model):
    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint(f"max_choices BETWEEN 1 AND {MAX_CHOICES_LIMIT}", name="max_choices_range"),
        CheckConstraint(
            "reviews_close_on IS NULL OR reviews_open_on IS NULL"
            " OR reviews_close_on >= reviews_open_on",
            name="review_phase_in_order",
        ),
        CheckConstraint(
            f"objection_days BETWEEN 0 AND {MAX_OBJECTION_DAYS}", name="objection_days_range"
        ),
        CheckConstraint(f"offer_days BETWEEN 1 AND {MAX_OFFER_DAYS}", name="offer_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    academic_year: Mapped[int] = mapped_column(Integer)
    max_choices: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # A student may reopen a submitted application for editing until the deadline.
    allow_reopen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The selection calendar. Faculty review between these two days (issue 5).
    reviews_open_on: Mapped[date | None] = mapped_column(Date)
    reviews_close_on: Mapped[date | None] = mapped_column(Date)
    # Decisions stay hidden from students until this day; the release itself is recorded in
    # results_released_at (issue 6), since it happens when the office (or the scheduler) acts.
    results_release_on: Mapped[date | None] = mapped_column(Date)
    results_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # After the release: working days to lodge an objection, and days to answer an offer.
    objection_days: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    offer_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")

    # Read-only: a program joins or leaves a call through Program.call (attach/detach below).
    programs: Mapped[list[Program]] = relationship(
        "Program",
        primaryjoin="Call.id == foreign(Program.call_id)",
        viewonly=True,
        lazy="selectin",
        order_by="Program.title",
    )

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    def open_programs(self, today: date) -> list[Program]:
        """Programs of the call taking applications today (agreement active, window open)."""
        return [p for p in self.programs if p.is_open_on(today) and p.partnership.state in LIVE]

    def last_closing_day(self) -> date | None:
        """The latest closing day among its published programs (None when there are none)."""
        days = [p.closes_on for p in self.programs if p.state == ProgramState.PUBLISHED]
        return max(days) if days else None

    def __str__(self) -> str:
        return self.title


class CallError(RuleError):
    """A change to a call that breaks a rule; `field` names the form field."""


def _check(data: dict) -> None:
    if not (data.get("title") or "").strip():
        raise CallError(_l("Enter a title for the call."), "title")
    if len(data["title"].strip()) > 200:
        raise CallError(_l("Keep the title under 200 characters."), "title")
    year = data.get("academic_year")
    if not isinstance(year, int) or not 1990 <= year <= 2200:
        raise CallError(_l("Enter the academic year, e.g. 2026/2027."), "academic_year")
    choices = data.get("max_choices")
    if not isinstance(choices, int) or not 1 <= choices <= MAX_CHOICES_LIMIT:
        raise CallError(
            _l(
                "A student may rank from 1 to %(max)s programs; enter a number in that range.",
                max=MAX_CHOICES_LIMIT,
            ),
            "max_choices",
        )
    opens, closes = data.get("reviews_open_on"), data.get("reviews_close_on")
    if opens and closes and closes < opens:
        raise CallError(_l("Reviews must close on or after the day they open."), "reviews_close_on")
    objection_days = data.get("objection_days")
    if not isinstance(objection_days, int) or not 0 <= objection_days <= MAX_OBJECTION_DAYS:
        raise CallError(
            _l("Enter from 0 to %(max)s working days.", max=MAX_OBJECTION_DAYS), "objection_days"
        )
    offer_days = data.get("offer_days")
    if not isinstance(offer_days, int) or not 1 <= offer_days <= MAX_OFFER_DAYS:
        raise CallError(_l("Enter from 1 to %(max)s days.", max=MAX_OFFER_DAYS), "offer_days")


def _apply(call: Call, data: dict) -> None:
    call.title = data["title"].strip()
    call.description = (data.get("description") or "").strip() or None
    call.academic_year = data["academic_year"]
    call.max_choices = data["max_choices"]
    call.allow_reopen = bool(data.get("allow_reopen"))
    call.reviews_open_on = data.get("reviews_open_on")
    call.reviews_close_on = data.get("reviews_close_on")
    call.results_release_on = data.get("results_release_on")
    call.objection_days = data["objection_days"]
    call.offer_days = data["offer_days"]


def create_call(*, actor, **fields) -> Call:
    """A new application round; programs are attached to it afterwards."""
    data = {"max_choices": 3, "allow_reopen": False, "objection_days": 5, "offer_days": 7} | fields
    _check(data)
    call = Call()
    _apply(call, data)
    db.session.add(call)
    db.session.flush()
    audit.record("call.create", call, actor=actor, after=audit.snapshot(call, CALL_FIELDS))
    db.session.flush()
    return call


def update_call(call: Call, *, actor, **fields) -> Call:
    """Edit a call. Lowering max_choices below an existing draft's choices is refused."""
    data = audit.snapshot(call, CALL_FIELDS) | fields
    _check(data)
    if data["max_choices"] < call.max_choices:
        most = _most_choices_in_use(call)
        if most > data["max_choices"]:
            raise CallError(
                _l(
                    "An application already ranks %(count)s programs; the limit cannot go "
                    "below that.",
                    count=most,
                ),
                "max_choices",
            )
    before = audit.snapshot(call, CALL_FIELDS)
    _apply(call, data)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(call, CALL_FIELDS))
    if new:
        audit.record("call.update", call, actor=actor, before=old, after=new)
        db.session.flush()
    return call


def _most_choices_in_use(call: Call) -> int:
    return max(choices_in_use.ask(call), default=0)


def attach_program(call: Call, program: Program, *, actor) -> None:
    """Put a program into the call; it must be of the same academic year and not cancelled."""
    if program.state == ProgramState.CANCELLED:
        raise CallError(_l("A cancelled program cannot join a call."), "program_id")
    if program.academic_year != call.academic_year:
        raise CallError(
            _l(
                "The program is for %(program)s and the call for %(call)s; choose a program "
                "of the same academic year.",
                program=program.academic_year_label,
                call=call.academic_year_label,
            ),
            "program_id",
        )
    if program.call_id == call.id:
        return
    if program.call_id is not None and _is_chosen(program):
        raise CallError(_l("Students already chose this program in another call."), "program_id")
    before = {"call_id": program.call_id}
    program.call_id = call.id
    db.session.flush()
    audit.record("program.call", program, actor=actor, before=before, after={"call_id": call.id})
    db.session.expire(call, ["programs"])


def detach_program(call: Call, program: Program, *, actor) -> None:
    """Take a program out of the call; refused once an application has chosen it."""
    if program.call_id != call.id:
        return
    if _is_chosen(program):
        raise CallError(
            _l("Applications already chose this program; it must stay in the call."),
            "program_id",
        )
    program.call_id = None
    db.session.flush()
    audit.record("program.call", program, actor=actor, before={"call_id": call.id},
                 after={"call_id": None})  # fmt: skip
    db.session.expire(call, ["programs"])


def _is_chosen(program: Program) -> bool:
    return program_chosen.any(program)
