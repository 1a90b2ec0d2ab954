"""Reading one CSV record's cells into typed partner, agreement and condition data.

Pure functions, no database; every problem is a RowError naming the line and the column. The
cell rules repeat the forms' and services' rules so that an imported row obeys the same ones.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.partnerships.imports.csv_file import (
    CONDITION_COLUMNS,
    COUNTRY_ALIASES,
    IMPORT_STATES,
    LIST_SEPARATOR,
    AgreementData,
    ConditionData,
    ImportRow,
    PartnerData,
    RowError,
)
from exchange.partnerships.services import valid_erasmus_code, valid_schac_code, valid_website
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.reference import (
    CEFR_LEVELS,
    COUNTRIES,
    EQF_LEVELS,
    ISCED_FIELDS,
    LANGUAGES,
    academic_year_label,
    parse_academic_year,
)


class _Cells:
    """A record's cells with the errors found while reading them."""

    def __init__(self, line: int, values: dict[str, str]):
        self.line, self.values, self.errors = line, values, []

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def fail(self, name: str, message) -> None:
        self.errors.append(RowError(self.line, name, message))

    def text(self, name: str, max_length: int, *, required: bool = False) -> str | None:
        value = " ".join(self.get(name).split()) if name != "notes" else self.get(name)
        if not value:
            if required:
                self.fail(name, _l("This cell is empty; it is required."))
            return None
        if len(value) > max_length:
            self.fail(name, _l("Write at most %(n)s characters.", n=max_length))
        return value

    def whole_number(self, name: str, low: int, high: int) -> int | None:
        raw = self.get(name)
        if not raw:
            return None
        if not raw.isdigit():
            self.fail(name, _l("'%(v)s' is not a whole number.", v=raw))
            return None
        if not low <= int(raw) <= high:
            self.fail(name, _l("Enter a number from %(low)s to %(high)s.", low=low, high=high))
        return int(raw)

    def year(self, name: str) -> int | None:
        raw = self.get(name)
        if not raw:
            self.fail(name, _l("This cell is empty; write the academic year as 2026/2027."))
            return None
        year = parse_academic_year(raw)
        if year is None:
            self.fail(name, _l("'%(v)s' is not an academic year; write it as 2026/2027.", v=raw))
        elif not 1990 <= year <= 2200:
            self.fail(name, _l("Enter an academic year between 1990/1991 and 2200/2201."))
            return None
        return year

    def codes(self, name: str) -> list[str]:
        return [c.strip() for c in self.get(name).split(LIST_SEPARATOR) if c.strip()]


def _country(cells: _Cells) -> str:
    raw = cells.get("partner_country")
    code = raw.upper()
    if not raw:
        cells.fail("partner_country", _l("This cell is empty; write a code such as GB or CH."))
    elif code not in COUNTRIES:
        by_name = {name.lower(): c for c, name in COUNTRIES.items()}
        guess = COUNTRY_ALIASES.get(code) or by_name.get(raw.lower())
        if guess:
            message = _l("'%(v)s' is not an ISO 3166-1 code; did you mean %(c)s?", v=raw, c=guess)
        else:
            message = _l(
                "'%(v)s' is not a country code Exchange knows; use ISO 3166-1 two-letter codes "
                "such as GB or CH.",
                v=raw,
            )
        cells.fail("partner_country", message)
    return code


def _partner(cells: _Cells) -> PartnerData:
    schac = cells.get("partner_schac").lower()
    if not schac:
        cells.fail("partner_schac", _l("This cell is empty; write the partner's internet domain."))
    elif not valid_schac_code(schac):
        cells.fail(
            "partner_schac",
            _l("'%(v)s' is not a SCHAC code; write the internet domain, e.g. uw.edu.pl.", v=schac),
        )
    erasmus = cells.get("partner_erasmus_code").upper() or None
    if erasmus and not valid_erasmus_code(erasmus):
        cells.fail(
            "partner_erasmus_code",
            _l("'%(v)s' is not an Erasmus code; write it like PL WARSZAW01.", v=erasmus),
        )
    website = cells.text("partner_website", 255)
    if website and not valid_website(website):
        cells.fail(
            "partner_website",
            _l("'%(v)s' is not a web address; start it with https://.", v=website),
        )
    return PartnerData(
        name=cells.text("partner_name", 200, required=True) or "",
        country=_country(cells),
        city=cells.text("partner_city", 120),
        website=website,
        schac_code=schac,
        erasmus_code=erasmus,
    )


def _subject_areas(cells: _Cells) -> tuple[str, ...]:
    codes = cells.codes("subject_areas")
    for code in codes:
        if code in ISCED_FIELDS:
            continue
        if code.isdigit() and "0" + code in ISCED_FIELDS:
            message = _l(
                "'%(v)s' is not an ISCED-F code; did you mean %(c)s? Spreadsheets drop leading "
                "zeros unless the column is formatted as text.",
                v=code,
                c="0" + code,
            )
        else:
            message = _l("'%(v)s' is not an ISCED-F 2013 code.", v=code)
        cells.fail("subject_areas", message)
    return tuple(dict.fromkeys(codes))


def _status(cells: _Cells) -> PartnershipState:
    raw = cells.get("status").lower()
    if not raw:
        return PartnershipState.DRAFT
    if raw not in {s.value for s in IMPORT_STATES}:
        cells.fail(
            "status",
            _l(
                "'%(v)s' is not a status an import can give; write draft, active or suspended.",
                v=raw,
            ),
        )
        return PartnershipState.DRAFT
    return PartnershipState(raw)


def _agreement(cells: _Cells) -> AgreementData:
    first, last = cells.year("first_year"), cells.year("last_year")
    if first is not None and last is not None and last < first:
        cells.fail(
            "last_year",
            _l(
                "%(last)s is before the first year %(first)s.",
                last=academic_year_label(last),
                first=academic_year_label(first),
            ),
        )
    return AgreementData(
        title=cells.text("agreement_title", 200, required=True) or "",
        first_year=first or 0,
        last_year=last or 0,
        subject_areas=_subject_areas(cells),
        unit_code=cells.get("owning_unit_code").upper() or None,
        status=_status(cells),
        notes=cells.text("notes", 5000),
    )


def _choice(cells: _Cells, name: str, enum, message) -> object | None:
    raw = cells.get(name)
    matches = [m for m in enum if m.value.lower() == raw.lower()]
    if not raw:
        cells.fail(name, _l("This cell is empty; it is required for a cooperation condition."))
    elif not matches:
        cells.fail(name, message(raw))
    return matches[0] if matches else None


def _condition(cells: _Cells) -> ConditionData | None:
    if not any(cells.get(c) for c in CONDITION_COLUMNS):
        return None  # an agreement without (or with no more) conditions
    direction = _choice(
        cells, "direction", Direction, lambda v: _l("'%(v)s' is not a direction; write outgoing "
                                                    "or incoming.", v=v)
    )  # fmt: skip
    kind = _choice(
        cells, "mobility_type", MobilityType, lambda v: _l("'%(v)s' is not a mobility type; "
                                                           "write SMS, SMT, STA or STT.", v=v)
    )  # fmt: skip
    places = cells.whole_number("places_per_year", 1, 1000)
    if places is None and cells.get("places_per_year") == "":
        cells.fail("places_per_year", _l("This cell is empty; a condition needs its places."))
    months = cells.whole_number("months_per_year", 1, 1200)
    days = cells.whole_number("days_per_year", 1, 3650)
    if kind is not None and kind.is_student and days:
        cells.fail("days_per_year", _l("Student mobility is counted in months; leave days empty."))
    if kind is not None and not kind.is_student and months:
        cells.fail("months_per_year", _l("Staff mobility is counted in days; leave months empty."))
    levels = [code.upper().removeprefix("EQF").strip() for code in cells.codes("eqf_levels")]
    for level in levels:
        if level not in EQF_LEVELS:
            cells.fail("eqf_levels", _l("'%(v)s' is not a study level; write 6, 7 or 8.", v=level))
    language = cells.get("language").lower() or None
    if language and language not in LANGUAGES:
        by_name = {name.lower(): c for c, name in LANGUAGES.items()}
        guess = by_name.get(language)
        cells.fail(
            "language",
            _l("'%(v)s' is not an ISO 639-1 code; did you mean %(c)s?", v=language, c=guess)
            if guess
            else _l("'%(v)s' is not a language code Exchange knows, such as en or fr.", v=language),
        )
    cefr = cells.get("cefr").upper() or None
    if cefr and cefr not in CEFR_LEVELS:
        cells.fail("cefr", _l("'%(v)s' is not a CEFR level; write A1 to C2.", v=cefr))
    return ConditionData(
        direction=direction or Direction.OUTGOING,
        mobility_type=kind or MobilityType.SMS,
        places_per_year=places or 0,
        months_per_year=months,
        days_per_year=days,
        eqf_levels=tuple(dict.fromkeys(levels)),
        language=language,
        cefr_level=cefr,
    )


def parse_record(line: int, values: dict[str, str]) -> tuple[ImportRow, list[RowError]]:
    """One record's typed data and every problem in its cells (the row is usable without)."""
    cells = _Cells(line, values)
    row = ImportRow(line, _partner(cells), _agreement(cells), _condition(cells))
    return row, cells.errors
