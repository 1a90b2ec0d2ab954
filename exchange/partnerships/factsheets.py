"""A partner's factsheet: what our outgoing students need to know, and the yearly deadlines.

The service checks the rules, writes an audit record and flushes; the request commits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.extensions import db
from exchange.partnerships.kinds import DAYS_IN_MONTH, DeadlineKind, Semester, month_name
from exchange.partnerships.models import Factsheet, FactsheetDeadline, Institution
from exchange.partnerships.services import PartnershipError, valid_website
from exchange.reference import LANGUAGES

TEXT_FIELDS = ["housing", "visa", "insurance", "accessibility"]
FACTSHEET_FIELDS = ["website", "languages", *TEXT_FIELDS]
# Form field stems, in reading order: first_nomination, first_application, second_...
DEADLINE_KEYS = [(f"{s.value}_{k.value}", s, k) for s in Semester for k in DeadlineKind]


def factsheet_of(institution: Institution) -> Factsheet | None:
    """The institution's factsheet with its deadlines (two queries), or None."""
    return db.session.scalar(select(Factsheet).where(Factsheet.institution_id == institution.id))


def deadline_problem(day: int | None, month: int | None):
    """Why a day and month make no yearly deadline, as (message, 'day' or 'month'), or None."""
    if day is None and month is None:
        return None
    if month is None:
        return _l("Choose the month as well as the day."), "month"
    if day is None:
        return _l("Choose the day as well as the month."), "day"
    if not 1 <= month <= 12:
        return _l("Choose a month from the list."), "month"
    if month == 2 and day == 29:
        return _l("29 February does not come every year; choose 28 February or 1 March."), "day"
    if not 1 <= day <= DAYS_IN_MONTH[month - 1]:
        return (
            _l(
                "%(day)s %(month)s does not exist; %(month)s has %(n)s days.",
                day=day,
                month=month_name(month),
                n=DAYS_IN_MONTH[month - 1],
            ),
            "day",
        )
    return None


def _snapshot(factsheet: Factsheet) -> dict:
    data = audit.snapshot(factsheet, FACTSHEET_FIELDS)
    for key, semester, kind in DEADLINE_KEYS:
        d = factsheet.deadline(semester, kind)
        data[key] = f"--{d.month:02d}-{d.day:02d}" if d else None  # ISO 8601 / XSD gMonthDay
    return data


def _clean(fields: dict) -> dict:
    data = {k: (fields.get(k) or "").strip() or None for k in ["website", *TEXT_FIELDS]}
    data["languages"] = sorted({c for c in fields.get("languages") or [] if c})
    return data


def _check(data: dict, deadlines: dict) -> None:
    if data["website"] and not valid_website(data["website"]):
        raise PartnershipError(
            _l("Enter a web address starting with http:// or https://."), "website"
        )
    unknown = [c for c in data["languages"] if c not in LANGUAGES]
    if unknown:
        raise PartnershipError(
            _l("Unknown language codes: %(codes)s.", codes=", ".join(unknown)), "languages"
        )
    for key, _semester, _kind in DEADLINE_KEYS:
        day, month = deadlines.get(key) or (None, None)
        problem = deadline_problem(day, month)
        if problem:
            message, part = problem
            raise PartnershipError(message, f"{key}_{part}")


def save_factsheet(institution: Institution, *, actor, deadlines=None, **fields) -> Factsheet:
    """Create or update the institution's factsheet.

    `deadlines` maps 'first_nomination', 'second_application', ... to (day, month); a pair of
    Nones removes that deadline. Side effects: one audit record (create, or update listing the
    changed fields); flushes.
    """
    deadlines = deadlines or {}
    data = _clean(fields)
    _check(data, deadlines)
    factsheet = factsheet_of(institution)
    created = factsheet is None
    if created:
        factsheet = Factsheet(institution=institution)
        db.session.add(factsheet)
        before = {}
    else:
        before = _snapshot(factsheet)
    factsheet.website = data["website"]
    factsheet.languages = data["languages"]
    for key in TEXT_FIELDS:
        setattr(factsheet, key, data[key])
    for key, semester, kind in DEADLINE_KEYS:
        day, month = deadlines.get(key) or (None, None)
        current = factsheet.deadline(semester, kind)
        if day is None:
            if current is not None:
                factsheet.deadlines.remove(current)
        elif current is None:
            factsheet.deadlines.append(
                FactsheetDeadline(semester=semester, kind=kind, day=day, month=month)
            )
        else:
            current.day, current.month = day, month
    db.session.flush()
    after = _snapshot(factsheet)
    if created:
        audit.record("factsheet.create", factsheet, actor=actor, after=after)
    else:
        old, new = audit.changes(before, after)
        if new:
            audit.record("factsheet.update", factsheet, actor=actor, before=old, after=new)
    db.session.flush()
    return factsheet
