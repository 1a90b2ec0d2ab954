"""Import partner institutions and agreements from one CSV file, all rows or none.

`prepare_import` reads and checks a file (every row, against each other and the stored data)
and says what an import would create; `import_rows` creates it through the partnership
services, so an imported object obeys the same rules and leaves the same audit trail as one
typed into the forms. Reading the file is csv_file's job, a row's cells
cells', and the checks across rows and against the database checks'.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from exchange import audit
from exchange.extensions import db
from exchange.partnerships import conditions, services
from exchange.partnerships.imports.cells import parse_record
from exchange.partnerships.imports.checks import (
    ImportPlan,
    ImportRowsError,
    check_database,
    check_rows,
    home_units,
)
from exchange.partnerships.imports.csv_file import (
    COLUMN_NAMES,
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    ImportFileError,
    ImportRow,
    RowError,
    decode_upload,
    read_table,
)
from exchange.partnerships.states import PartnershipState

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportCheck",
    "ImportFileError",
    "ImportPlan",
    "ImportRowsError",
    "RowError",
    "import_rows",
    "prepare_import",
]


@dataclass
class ImportCheck:
    """The outcome of reading and checking one file."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    plan: ImportPlan | None = None
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and self.plan is not None


def prepare_import(data: bytes | str, *, actor, today: date | None = None) -> ImportCheck:
    """Read the file and check every row; the plan is set only when every row is valid."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    check = ImportCheck(digest=hashlib.sha256(raw).hexdigest())
    if len(raw) > MAX_BYTES:
        check.errors.append(_file_error(_too_large()))
        return check
    try:
        table, table_errors = read_table(decode_upload(raw))
    except ImportFileError as error:
        check.errors.append(_file_error(error))
        return check
    check.unknown_columns = table.unknown_columns
    if table.unknown_columns:
        check.warnings.append(
            str(_l("These columns are not imported: %(names)s.",
                   names=", ".join(table.unknown_columns)))
        )  # fmt: skip
    if any(e.line == table.header_line for e in table_errors):
        check.errors = table_errors
        return check
    check.errors.extend(table_errors)
    clean = []
    for line, values in table.records:
        row, errors = parse_record(line, values)
        check.rows.append(row)
        check.errors.extend(errors)
        if not errors:
            clean.append(row)
    check.errors.extend(check_rows(clean, today=today or date.today()))
    db_errors, warnings, plan = check_database(clean, actor=actor)
    check.errors.extend(db_errors)
    check.warnings.extend(warnings)
    check.errors.sort(key=lambda e: (e.line or 0, _column_order(e.column)))
    if not check.errors:
        check.plan = plan
    return check


def _file_error(message) -> RowError:
    return RowError(None, None, message)


def _too_large():
    return _l(
        "The file is larger than %(mb)s MB. Import at most %(rows)s rows at a time: split the "
        "file and upload each part.",
        mb=MAX_BYTES // (1024 * 1024),
        rows=f"{MAX_ROWS:,}",
    )


def _column_order(column: str | None) -> int:
    return COLUMN_NAMES.index(column) if column in COLUMN_NAMES else -1


# --- The import ------------------------------------------------------------------------------


def import_rows(rows: list[ImportRow], *, actor, source: str | None = None) -> ImportPlan:
    """Create the partners, agreements and conditions the rows describe; flushes only.

    Side effects: the rows are checked again against the stored data (ImportRowsError if any
    breaks a rule); each created institution, agreement and condition gets its audit record
    from its service, each status change from the workflow, and the run one `import.run`
    record with the counts.
    """
    errors = check_rows(rows, today=date.today())
    db_errors, _warnings, plan = check_database(rows, actor=actor)
    if errors or db_errors:
        raise ImportRowsError(sorted(errors + db_errors, key=lambda e: e.line or 0))
    units = home_units()
    institutions = {i.schac_code: i for i in plan.reused_partners}
    for data in plan.new_partners:
        institutions[data.schac_code] = services.create_institution(actor=actor, **data.fields())
    note = str(_l("Imported from a CSV file."))
    for planned in plan.agreements:
        a = planned.agreement
        partnership = services.create_partnership(
            partner=institutions[planned.partner.schac_code],
            title=a.title,
            first_year=a.first_year,
            last_year=a.last_year,
            org_unit=units.get(a.unit_code) if a.unit_code else None,
            subject_areas=a.subject_areas,
            notes=a.notes,
            actor=actor,
        )
        for condition in planned.conditions:
            conditions.add_condition(partnership, actor=actor, **condition.fields())
        if a.status in (PartnershipState.ACTIVE, PartnershipState.SUSPENDED):
            services.change_partnership_state(
                partnership, PartnershipState.ACTIVE, actor=actor, note=note
            )
        if a.status == PartnershipState.SUSPENDED:
            services.change_partnership_state(
                partnership, PartnershipState.SUSPENDED, actor=actor, note=note
            )
    audit.record(
        "import.run",
        actor=actor,
        object_type="import",
        after=plan.counts | {"rows": len(rows)},
        note=source,
    )
    db.session.flush()
    return plan
