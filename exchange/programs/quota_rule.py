"""The quota rule as the services check it, in words with the numbers.

The seats of the calls of one agreement, mobility type and academic year (cancelled calls
aside) may not exceed the places per year of the agreement's OUTGOING condition of that type.
The database enforces the same rule with triggers (exchange/programs/quota.py); checking here
first lets the form say it beside the field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln

from exchange.partnerships.services import condition_refusal
from exchange.partnerships.states import Direction, MobilityType
from exchange.programs.errors import ProgramError
from exchange.programs.models import Program
from exchange.programs.queries import busiest_year, outgoing_places, seats_offered
from exchange.reference import academic_year_label


class QuotaError(ProgramError):
    """The seats would exceed the agreement's outgoing places, or there is no such condition."""

    def __init__(self, message, field: str, *, partnership_id: int, missing: bool = False):
        super().__init__(message, field)
        self.partnership_id = partnership_id
        self.missing = missing


# Mobility types as a noun phrase inside a sentence ("places a year for student studies").
TYPE_PHRASES = {
    MobilityType.SMS: _l("student studies (SMS)"),
    MobilityType.SMT: _l("student traineeships (SMT)"),
    MobilityType.STA: _l("staff teaching (STA)"),
    MobilityType.STT: _l("staff training (STT)"),
}


def quota_sentence(places: int, offered: int, kind, year: int) -> str:
    """The quota in words, with its numbers, as the form shows it beside the seats."""
    left = max(places - offered, 0)
    allows = _ln(
        "The agreement allows %(num)d outgoing place a year for %(type)s in %(year)s;",
        "The agreement allows %(num)d outgoing places a year for %(type)s in %(year)s;",
        places,
        type=TYPE_PHRASES[MobilityType(kind)],
        year=academic_year_label(year),
    )
    if offered == 0:
        used = _l("none is offered in other programs yet,")
    else:
        used = _ln(
            "%(num)d is already offered in other programs,",
            "%(num)d are already offered in other programs,",
            offered,
        )
    rest = (
        _l("so none is left.")
        if left == 0
        else _ln("so at most %(num)d is left.", "so at most %(num)d are left.", left)
    )
    return f"{allows} {used} {rest}"


def missing_condition_message(kind) -> str:
    return str(
        _l(
            "The agreement has no outgoing cooperation condition for %(type)s, so it offers no "
            "places for such calls. Add that condition to the agreement first.",
            type=TYPE_PHRASES[MobilityType(kind)],
        )
    )


def check_quota(data: dict, program: Program | None) -> None:
    """Seats within the outgoing places left; the condition row is locked before the sum."""
    partnership, kind, year = data["partnership"], data["mobility_type"], data["academic_year"]
    places = outgoing_places(partnership.id, kind, lock=True)
    if places is None:
        raise QuotaError(
            missing_condition_message(kind),
            "mobility_type",
            partnership_id=partnership.id,
            missing=True,
        )
    excluding = program.id if program is not None else None
    offered = seats_offered(partnership.id, kind, year, excluding=excluding)
    if offered + data["seats"] > places:
        raise QuotaError(
            quota_sentence(places, offered, kind, year), "seats", partnership_id=partnership.id
        )


@condition_refusal.register
def condition_change_refusal(condition, data: dict | None = None) -> tuple[str, str] | None:
    """Why an outgoing condition may not be lowered, retyped or (data=None) deleted: the
    calls under it would offer more seats than it allows. Returns (message, field) or None."""
    if condition.id is None or Direction(condition.direction) != Direction.OUTGOING:
        return None
    busiest = busiest_year(condition.partnership_id, condition.mobility_type)
    if busiest is None:
        return None
    year, seats = busiest
    phrase = TYPE_PHRASES[MobilityType(condition.mobility_type)]
    if data is None:
        return str(
            _l(
                "Calls under this agreement offer %(seats)s seats for %(type)s in %(year)s; "
                "cancel them before deleting this outgoing condition.",
                seats=seats,
                type=phrase,
                year=academic_year_label(year),
            )
        ), "places_per_year"
    kept = (("direction", condition.direction), ("mobility_type", condition.mobility_type))
    for key, old in kept:
        if str(data.get(key) or old) != str(old):
            return str(
                _l(
                    "Calls under this agreement offer %(seats)s seats for %(type)s in %(year)s "
                    "against this condition; keep its direction and type.",
                    seats=seats,
                    type=phrase,
                    year=academic_year_label(year),
                )
            ), key
    places = data.get("places_per_year")
    if places is not None and places < seats:
        return str(
            _l(
                "Calls under this agreement already offer %(seats)s seats for %(type)s in "
                "%(year)s; the places per year cannot go below %(seats)s.",
                seats=seats,
                type=phrase,
                year=academic_year_label(year),
            )
        ), "places_per_year"
    return None
