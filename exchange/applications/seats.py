"""Seats of a program, counted by the database so that no race can over-fill a program.

`programs.seats_held` counts the applications in a seat-holding state (selected, offered,
accepted, placed: HOLDING_SEAT) for that program (their `outcome_program_id`). It changes only
through the two conditional updates below; the CHECK `seats_held BETWEEN 0 AND seats` refuses
anything else. Taking a seat is one statement:

    UPDATE programs SET seats_held = seats_held + 1 WHERE id = :id AND seats_held < seats

PostgreSQL re-checks the WHERE on the newest row after waiting for a concurrent writer's row
lock; SQLite runs one writer at a time. Either way, of twenty requests for the last seat one
wins and nineteen see rowcount 0 and get `SeatsFull` -- no locks, no isolation tricks.

Who holds and frees (it cannot be forgotten): every application move goes through
`exchange.applications.transitions.move()`, which sends `state_changed`. The receiver here
takes a seat when an application enters a holding state from a non-holding one, and frees it
when it leaves for a non-holding one (declined, expired, withdrawn, cancelled, waitlisted,
not selected, back under review). Withdrawals, cancellations and any future service are
covered without calling anything. Set `outcome_program_id` BEFORE the move into a holding state.

`hold_seat` / `free_seat` are the same updates for callers that count seats themselves (a
committed selection run). An explicit call and the receiver's call for the same move are
counted once: within one transaction an explicit hold is matched with the next move into a
holding state for that program (in either order), likewise for frees. So code may call them
around its moves or not, and the count stays right.
"""

from __future__ import annotations

import logging
from collections import Counter

from blinker import Signal
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from exchange.applications.signals import state_changed
from exchange.applications.states import HOLDING_SEAT
from exchange.extensions import db
from exchange.programs.models import Program
from exchange.rules import ConflictError

log = logging.getLogger(__name__)

# db.session.info keys: explicit calls minus receiver calls not yet matched, per program.
_HOLDS = "exchange.seats.unmatched_holds"
_FREES = "exchange.seats.unmatched_frees"


# Sent after an application gave its seat back, inside the same transaction:
# receiver(application, program_id=, actor=); promotion.py listens.
freed = Signal("placement-seat-freed")


class SeatsFull(ConflictError):
    """No seat of the program is free (409: someone took the last one); names `program_id`."""


def _expire_loaded(program_id: int) -> None:
    # The count changed behind the ORM's back; a loaded Program must read it again.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Program) and obj.id == program_id:
            db.session.expire(obj, ["seats_held"])


def take_seat(program_id: int) -> None:
    """The conditional update: one seat more, or SeatsFull when none is free."""
    result = db.session.execute(
        update(Program)
        .where(Program.id == program_id, Program.seats_held < Program.seats)
        .values(seats_held=Program.seats_held + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        row = db.session.execute(
            select(Program.title, Program.seats).where(Program.id == program_id)
        ).first()
        if row is None:
            raise LookupError(f"No program {program_id}.")
        raise SeatsFull(
            str(
                _l(
                    "All %(seats)s seats of %(program)s are taken; nobody else can be "
                    "offered a place there unless a seat is freed.",
                    seats=row.seats,
                    program=row.title,
                )
            ),
            "program_id",
        )
    _expire_loaded(program_id)


def give_seat(program_id: int) -> None:
    """One seat fewer held (never below zero: a count already at zero is logged, not failed)."""
    result = db.session.execute(
        update(Program)
        .where(Program.id == program_id, Program.seats_held > 0)
        .values(seats_held=Program.seats_held - 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        log.error("Seat count of program %s was already zero when a seat was freed", program_id)
    _expire_loaded(program_id)


def _matched(key: str, program_id: int, step: int) -> bool:
    """Book one call; True when it pairs with an earlier opposite-side call (count it once)."""
    counts = db.session.info.setdefault(key, Counter())
    before = counts[program_id]
    counts[program_id] = before + step
    return (before > 0 > step) or (before < 0 < step)


def hold_seat(program_id: int) -> None:
    """Take a seat of the program for an application about to be (or just) moved to a holding
    state; raises SeatsFull (a ConflictError naming `program_id`) when none is free."""
    if not _matched(_HOLDS, program_id, +1):
        take_seat(program_id)


def free_seat(program_id: int) -> None:
    """Give back the seat of an application leaving (or about to leave) a holding state."""
    if not _matched(_FREES, program_id, +1):
        give_seat(program_id)


def is_seats_held_violation(error: BaseException) -> bool:
    """Whether a database error is the CHECK refusing fewer seats than are held."""
    return "seats_held_range" in str(getattr(error, "orig", None) or error)


def seats_held_message(program: Program) -> str:
    db.session.refresh(program, ["seats_held"])
    return str(
        _l("%(n)s seats are already held by selected or placed students; offer at least %(n)s.",
           n=program.seats_held)
    )  # fmt: skip


def seats_left(program: Program) -> int:
    return max(program.seats - program.seats_held, 0)


@state_changed.connect
def _follow_state(application, *, previous, target, actor, **_) -> None:
    was, now = previous in HOLDING_SEAT, target in HOLDING_SEAT
    if was == now:
        return
    program_id = application.outcome_program_id
    if program_id is None:
        if now:
            raise ValueError("An application holding a seat must name its program first.")
        log.error("Application %s left a holding state without a program", application.id)
        return
    if now and not _matched(_HOLDS, program_id, -1):
        take_seat(program_id)
    if was and not _matched(_FREES, program_id, -1):
        give_seat(program_id)
    if was:
        freed.send(application, program_id=program_id, actor=actor)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_unmatched(session) -> None:
    session.info.pop(_HOLDS, None)
    session.info.pop(_FREES, None)
