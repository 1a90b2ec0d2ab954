"""The nomination export: CSV columns and formula escaping, JSON valid against the shipped
schema (several nominations, optional data missing)."""

import csv
import io
import tomllib
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from exchange.db import utcnow
from exchange.extensions import db
from exchange.placements.nominations import export
from exchange.placements.nominations.services import record_partner_answer
from tests import factories as f
from tests.placements.nomination_helpers import nominated, placed

ROOT = Path(__file__).resolve().parents[2]


def _validator():
    schema = export.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _three_nominations():
    f.home_institution(schac_code="home.example.edu")
    unit = f.org_unit(code="PHYS", name="Physics")
    full = nominated(placed(student=f.student(full_name="Amina Al Harbi", org_unit=unit)))
    bare = nominated(
        placed(student=f.student(full_name="Madonna", student_number=None), language=None,
               level=None),
        eqf_level=None, isced_code=None,
    )  # fmt: skip
    rejected = nominated(placed())
    record_partner_answer(rejected, actor=f.coordinator(), answer="rejected",
                          answered_on=date(2026, 5, 1), reason="Full.")  # fmt: skip
    db.session.commit()
    return full, bare, rejected


def test_schema_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["exchange"]
    assert "placements/schemas/*.json" in patterns
    assert (ROOT / "exchange/placements/schemas" / export.SCHEMA_FILE).is_file()


def test_json_validates_with_full_and_missing_optional_data():
    full, bare, rejected = _three_nominations()
    document = export.to_document([full, bare, rejected], generated_at=utcnow())
    errors = sorted(_validator().iter_errors(document), key=str)
    assert errors == []
    items = {i["omobility-id"]: i for i in document["omobilities"]}
    first = items[str(full.id)]
    assert first["sending-hei"] == {"hei-id": "home.example.edu", "ounit-code": "PHYS",
                                    "ounit-name": "Physics"}  # fmt: skip
    assert first["receiving-hei"]["hei-id"] == full.partner.schac_code
    assert first["student"]["given-names"] == "Amina Al"
    assert first["student"]["family-name"] == "Harbi"
    assert "birth-date" not in first["student"]  # not stored, never invented
    assert first["nominee-language-skill"] == [{"language": "en", "cefr-level": "B2"}]
    assert first["eqf-level-studied-at-departure"] == 6
    assert first["nominee-isced-f-code"] == "0613"
    assert first["status"] == "nomination"
    assert first["receiving-academic-term"]["academic-year-id"] == full.academic_year_label
    second = items[str(bare.id)]
    assert second["student"] == {"given-names": "Madonna", "email": bare.application.student.email}
    assert second["nominee-language-skill"] == []
    assert "nominee-isced-f-code" not in second
    assert items[str(rejected.id)]["partner-answer"] == {
        "status": "rejected", "answered-on": "2026-05-01", "reason": "Full."}  # fmt: skip


def test_schema_refuses_a_broken_export():
    full, _, _ = _three_nominations()
    document = export.to_document([full], generated_at=utcnow())
    del document["omobilities"][0]["planned-arrival-date"]
    document["omobilities"][0]["status"] = "approved"
    assert len(list(_validator().iter_errors(document))) == 2


def test_csv_columns_and_rows():
    full, bare, rejected = _three_nominations()
    rows = list(csv.reader(io.StringIO(export.to_csv([full, bare, rejected],
                                                     generated_at=utcnow()))))  # fmt: skip
    assert rows[0] == export.CSV_COLUMNS
    assert len(rows) == 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["given_names"] == "Amina Al"
    assert first["sending_hei_id"] == "home.example.edu"
    assert first["planned_arrival"] == "2026-09-01"
    assert first["isced_f_code"] == "0613"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM", "'@SUM"),
     ("\tx", "'\tx"), ("Normal", "Normal"), (None, ""), (7, "7")],
)  # fmt: skip
def test_safe_cell(value, expected):
    assert export.safe_cell(value) == expected


def test_csv_escapes_formula_like_names():
    f.home_institution()
    nomination = nominated(placed(student=f.student(full_name="=cmd|' /C calc'!A0 Evil")))
    text = export.to_csv([nomination], generated_at=utcnow())
    row = dict(zip(*list(csv.reader(io.StringIO(text))), strict=True))
    assert row["given_names"] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith("=") for cell in row.values())
