"""Reading a CSV of partners and agreements: its columns, the file, the header and records.

Pure functions on bytes and text, no database; also the typed row data the other import
modules share (import_cells reads a record's cells, import_checks compares rows).
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.rules import RuleError

# One import runs in one request: 2,000 rows took about 14 s on PostgreSQL (2.7 ms a row on
# SQLite, 7 ms on PostgreSQL, through the services), within a worker's usual 30 s timeout.
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
LIST_SEPARATOR = ";"
# Statuses an import may give an agreement; expired and terminated ones are history.
IMPORT_STATES = (PartnershipState.DRAFT, PartnershipState.ACTIVE, PartnershipState.SUSPENDED)
# Codes people write for a country that are not its ISO 3166-1 alpha-2 code.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "USA": "US", "UAE": "AE", "KSA": "SA", "SUI": "CH"}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: object
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("partner_name", True, _l("The partner's official name."), "ETH Zurich"),
    Column("partner_country", True, _l("ISO 3166-1 two-letter code."), "CH"),
    Column("partner_city", False, _l("City of the main campus."), "Zurich"),
    Column(
        "partner_schac",
        True,
        _l("SCHAC code (internet domain); rows with the same code are one partner."),
        "ethz.ch",
    ),
    Column("partner_erasmus_code", False, _l("Erasmus code, if it has one."), "CH ZURICH07"),
    Column("partner_website", False, _l("Starting with https://"), "https://ethz.ch"),
    Column(
        "agreement_title",
        True,
        _l("Rows with the same partner and title are one agreement."),
        "Energy engineering exchange",
    ),
    Column("first_year", True, _l("First academic year."), "2026/2027"),
    Column("last_year", True, _l("Last academic year."), "2030/2031"),
    Column("subject_areas", False, _l("ISCED-F 2013 codes, separated by ;"), "0713;0711"),
    Column(
        "owning_unit_code",
        False,
        _l("Code of the home faculty or department; empty means university-wide."),
        "ENG-EE",
    ),
    Column("status", False, _l("draft (the default), active or suspended."), "active"),
    Column("notes", False, _l("Free text kept with the agreement."), ""),
    Column("direction", False, _l("outgoing or incoming; empty for no condition."), "outgoing"),
    Column("mobility_type", False, _l("SMS, SMT, STA or STT."), "SMS"),
    Column("places_per_year", False, _l("Whole number, 1 to 1000."), "4"),
    Column("months_per_year", False, _l("Student mobility (SMS, SMT) only."), "20"),
    Column("days_per_year", False, _l("Staff mobility (STA, STT) only."), ""),
    Column("eqf_levels", False, _l("6, 7 and/or 8, separated by ;"), "6;7"),
    Column("language", False, _l("ISO 639-1 code of the recommended language."), "en"),
    Column("cefr", False, _l("Recommended level, A1 to C2."), "B2"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
CONDITION_COLUMNS = COLUMN_NAMES[COLUMN_NAMES.index("direction") :]


@dataclass(frozen=True)
class RowError:
    """One problem, located by the file's line number and the column's name when known."""

    line: int | None
    column: str | None
    message: str

    def __post_init__(self):
        object.__setattr__(self, "message", str(self.message))  # lazy text -> the reader's words

    def __str__(self) -> str:
        where = [str(_l("Line %(n)s", n=self.line))] if self.line else []
        where += [self.column] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFileError(RuleError):
    """The upload cannot be read as a CSV table at all."""


@dataclass(frozen=True)
class PartnerData:
    name: str
    country: str
    city: str | None
    website: str | None
    schac_code: str
    erasmus_code: str | None

    def fields(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class AgreementData:
    title: str
    first_year: int
    last_year: int
    subject_areas: tuple[str, ...]
    unit_code: str | None
    status: PartnershipState
    notes: str | None


@dataclass(frozen=True)
class ConditionData:
    direction: Direction
    mobility_type: MobilityType
    places_per_year: int
    months_per_year: int | None
    days_per_year: int | None
    eqf_levels: tuple[str, ...]
    language: str | None
    cefr_level: str | None

    def fields(self) -> dict:
        data = dict(self.__dict__)
        data["direction"], data["mobility_type"] = self.direction.value, self.mobility_type.value
        data["eqf_levels"] = list(self.eqf_levels)
        return data


@dataclass(frozen=True)
class ImportRow:
    line: int
    partner: PartnerData
    agreement: AgreementData
    condition: ConditionData | None


@dataclass
class Table:
    """The CSV as read: data rows keyed by column name, with the line each starts on."""

    delimiter: str
    columns: list[str]
    unknown_columns: list[str]
    records: list[tuple[int, dict[str, str]]]
    header_line: int = 1


# --- The file --------------------------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped), or ImportFileError saying in plain words what it is."""
    if not data.strip():
        raise ImportFileError(_l("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _l(
                "This is an Excel workbook or another zipped file, not a CSV. In Excel, choose "
                "File > Save As > CSV UTF-8 (comma delimited) and upload that file."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _l("The file is saved as UTF-16. Save it as CSV UTF-8 and upload it again.")
        )
    if b"\x00" in data[:4096]:
        raise ImportFileError(_l("This is not a text file. Upload a CSV file saved as UTF-8."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _l(
                "The file is not UTF-8 text (line %(line)s has a character that UTF-8 does not "
                "allow). Save it as CSV UTF-8 and upload it again.",
                line=line,
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_header(name: str) -> str:
    """'Partner name ' -> 'partner_name', so a spreadsheet's friendlier headings also match."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def _sniff_delimiter(first_line: str) -> str:
    """The delimiter under which the header names the most known columns (comma on a tie)."""
    best, best_known = ",", -1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(normalise_header(c) in COLUMN_NAMES for c in cells)
        if known > best_known:
            best, best_known = delimiter, known
    return best


def read_table(text: str) -> tuple[Table, list[RowError]]:
    """Split the text into a header and records; errors here concern the file as a whole."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ImportFileError(_l("The file is empty."))
    delimiter = _sniff_delimiter(lines[first])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    errors: list[RowError] = []
    header: list[str] | None = None
    header_line = 1
    records: list[tuple[int, dict[str, str]]] = []
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [normalise_header(c) for c in cells]
                header_line = start
                continue
            if len(records) >= MAX_ROWS:
                raise ImportFileError(
                    _l(
                        "The file has more than %(max)s rows. Import at most %(max)s rows at a "
                        "time: split the file and upload each part.",
                        max=f"{MAX_ROWS:,}",
                    )
                )
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                message = _l(
                    "This row has %(got)s cells but the header names only %(want)s.",
                    got=len(cells),
                    want=len(header),
                )
                errors.append(RowError(start, None, message))
            values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in
                      enumerate(header)}  # fmt: skip
            records.append((start, values))
    except csv.Error as error:
        raise ImportFileError(
            _l(
                "Line %(line)s cannot be read as CSV (%(reason)s). Check its quotation marks.",
                line=reader.line_num,
                reason=str(error),
            )
        ) from None
    if header is None:
        raise ImportFileError(_l("The file is empty."))
    errors.extend(_check_header(header, header_line))
    if not records and not errors:
        raise ImportFileError(_l("The file has a header but no rows to import."))
    known = [c for c in header if c in COLUMN_NAMES]
    unknown = [c for c in header if c not in COLUMN_NAMES and c]
    return Table(delimiter, known, unknown, records, header_line), errors


def _check_header(header: list[str], line: int) -> list[RowError]:
    errors = []
    seen = set()
    for name in header:
        if name in seen and name:
            errors.append(RowError(line, name, _l("This column appears twice in the header.")))
        seen.add(name)
    for name in header:
        if name and name not in COLUMN_NAMES:
            close = difflib.get_close_matches(name, COLUMN_NAMES, n=1, cutoff=0.8)
            if close and close[0] not in header:
                message = _l("This column is not known; did you mean %(c)s?", c=close[0])
                errors.append(RowError(line, name, message))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        message = _l(
            "The header has no column %(names)s. The first row must name the columns; download "
            "the sample file to see them.",
            names=", ".join(missing),
        )
        errors.append(RowError(line, None, message))
    return errors
