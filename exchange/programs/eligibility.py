"""May this student apply to this call, and if not, exactly why: pure functions over inputs.

check() reads only the objects and values it is given (the student's record, the program with
its already loaded org units, the student's language levels, today), never the database, so
that the catalogue can judge a whole page of programs without a query per program.
The SQL form of the same requirements, for the catalogue's "only eligible" filter, lives in
exchange/programs/catalogue.py; a test keeps the two in agreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from flask_babel import gettext as _

from exchange.partnerships.states import LIVE
from exchange.programs.states import ProgramState
from exchange.reference import cefr_at_least, language_name


class ReasonCode(StrEnum):
    LEVEL = "level"
    LEVEL_UNKNOWN = "level_unknown"
    UNIT = "unit"
    UNIT_UNKNOWN = "unit_unknown"
    GPA = "gpa"
    GPA_UNKNOWN = "gpa_unknown"
    LANGUAGE = "language"
    LANGUAGE_MISSING = "language_missing"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"


# Reasons about the calendar rather than the student: they pass with time, not with effort.
TIMING = frozenset({ReasonCode.NOT_OPEN_YET, ReasonCode.CLOSED})


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    message: str


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [str(r.code) for r in self.reasons]

    @property
    def meets_requirements(self) -> bool:
        """True when only the calendar stands in the way (or nothing does)."""
        return all(r.code in TIMING for r in self.reasons)

    @property
    def opens_later(self) -> bool:
        return any(r.code == ReasonCode.NOT_OPEN_YET for r in self.reasons)


def _because(code: ReasonCode, message: str) -> list[Reason]:
    return [Reason(code, message)]


def _level_noun(level: str) -> str:
    return {"6": _("bachelor's"), "7": _("master's"), "8": _("doctoral")}.get(level, level)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(rest)s and %(last)s", rest=", ".join(words[:-1]), last=words[-1])


def _gpa(value) -> str:
    return f"{Decimal(str(value)):.2f}"


def _level_reasons(student, program) -> list[Reason]:
    levels = program.eqf_levels
    if not levels:
        return []
    if not student.study_level:
        return _because(
            ReasonCode.LEVEL_UNKNOWN,
            _("Your study level is not recorded yet; ask the international office."),
        )
    if str(student.study_level) in levels:
        return []
    message = _(
        "This call is for %(levels)s students (EQF %(codes)s); you are a %(yours)s student.",
        levels=_join([_level_noun(level) for level in levels]),
        codes=", ".join(levels),
        yours=_level_noun(str(student.study_level)),
    )
    return _because(ReasonCode.LEVEL, message)


def _unit_reasons(student, program) -> list[Reason]:
    units = list(program.org_units)
    if not units:
        return []
    unit = student.org_unit
    if unit is None:
        return _because(
            ReasonCode.UNIT_UNKNOWN,
            _("Your department is not recorded yet; ask the international office."),
        )
    allowed = {u.id for u in units}
    if unit.id in allowed or (unit.parent_id is not None and unit.parent_id in allowed):
        return []
    names = _join(sorted(u.name for u in units))
    return _because(
        ReasonCode.UNIT,
        _(
            "Open to the %(units)s only; you are in the %(yours)s.",
            units=names,
            yours=unit.name,
        ),
    )


def _gpa_reasons(student, program) -> list[Reason]:
    if program.min_gpa is None:
        return []
    if student.gpa is None:
        return _because(
            ReasonCode.GPA_UNKNOWN, _("Your GPA is not recorded yet; ask the international office.")
        )
    if Decimal(str(student.gpa)) >= Decimal(str(program.min_gpa)):
        return []
    message = _("Requires a GPA of at least %(min)s; yours is %(yours)s.",
                min=_gpa(program.min_gpa), yours=_gpa(student.gpa))  # fmt: skip
    return _because(ReasonCode.GPA, message)


def _language_reasons(program, languages: dict[str, str]) -> list[Reason]:
    if not program.language:
        return []
    name = language_name(program.language)
    declared = languages.get(program.language)
    if declared is None:
        return _because(
            ReasonCode.LANGUAGE_MISSING,
            _("Add your %(language)s level to your profile.", language=name),
        )
    if cefr_at_least(declared, program.cefr_level):
        return []
    message = _("Requires %(language)s at level %(required)s; you declared %(declared)s.",
                language=name, required=program.cefr_level, declared=declared)  # fmt: skip
    return _because(ReasonCode.LANGUAGE, message)


def _window_reasons(program, today: date) -> list[Reason]:
    if program.state != ProgramState.PUBLISHED or program.partnership.state not in LIVE:
        return [Reason(ReasonCode.CLOSED, _("This call is not taking applications."))]
    if today < program.opens_on:
        return _because(
            ReasonCode.NOT_OPEN_YET,
            _("Applications open on %(date)s.", date=program.opens_on.isoformat()),
        )
    if today > program.closes_on:
        return _because(
            ReasonCode.CLOSED, _("The deadline was %(date)s.", date=program.closes_on.isoformat())
        )
    return []


def check(student, program, languages: dict[str, str], today: date) -> Verdict:
    """The verdict for one student and one call, with every reason that applies, in order."""
    reasons = [
        *_level_reasons(student, program),
        *_unit_reasons(student, program),
        *_gpa_reasons(student, program),
        *_language_reasons(program, languages),
        *_window_reasons(program, today),
    ]
    return Verdict(eligible=not reasons, reasons=reasons)


def check_all(student, programs, languages: dict[str, str], today: date) -> dict[int, Verdict]:
    """Verdicts keyed by program id, for a page of programs."""
    return {p.id: check(student, p, languages, today) for p in programs}
