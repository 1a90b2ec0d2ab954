"""CSV import of partners and agreements: every row checked, all rows imported or none."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.imports import importer
from exchange.partnerships.imports.csv_file import COLUMN_NAMES, MAX_ROWS
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import PartnershipState
from tests import factories as f

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "partnerships.csv"
YEAR = date.today().year


def row(**kw) -> dict:
    base = {
        "partner_name": "ETH Zürich",
        "partner_country": "CH",
        "partner_city": "Zürich",
        "partner_schac": "ethz.ch",
        "partner_erasmus_code": "CH ZURICH07",
        "partner_website": "https://ethz.ch",
        "agreement_title": "Energy and materials research",
        "first_year": f"{YEAR}/{YEAR + 1}",
        "last_year": f"{YEAR + 4}/{YEAR + 5}",
        "subject_areas": "0713;0533",
        "owning_unit_code": "",
        "status": "active",
        "notes": "",
        "direction": "outgoing",
        "mobility_type": "SMS",
        "places_per_year": "2",
        "months_per_year": "10",
        "days_per_year": "",
        "eqf_levels": "7;8",
        "language": "en",
        "cefr": "C1",
    }
    return base | kw


def make_csv(rows, *, delimiter=",", columns=COLUMN_NAMES) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter,
                            extrasaction="ignore", lineterminator="\n")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def messages(check) -> list[str]:
    return [str(e) for e in check.errors]


@pytest.fixture
def coordinator():
    return f.coordinator()


def test_import_valid_file_creates_exactly_the_expected_objects(coordinator):
    unit = f.org_unit(code="ENG-EE", name="Electrical Engineering")
    known = f.institution(name="University of Melbourne", country="AU",
                          schac_code="unimelb.edu.au")  # fmt: skip
    institutions_before = count(Institution)
    text = make_csv([
        row(owning_unit_code="eng-ee"),
        row(owning_unit_code="ENG-EE", direction="outgoing", mobility_type="STA",
            months_per_year="", days_per_year="5", eqf_levels=""),
        row(partner_name="University of Melbourne", partner_country="AU",
            partner_schac="unimelb.edu.au", partner_erasmus_code="", partner_city="Melbourne",
            partner_website="", agreement_title="Engineering exchange", status="suspended",
            direction="incoming", months_per_year="15"),
        row(agreement_title="Doctoral training (in negotiation)", status="", direction="",
            mobility_type="", places_per_year="", months_per_year="", eqf_levels="",
            language="", cefr=""),
    ])  # fmt: skip

    check = importer.prepare_import(text, actor=coordinator)
    assert check.errors == []
    assert check.plan.counts == {"new_partners": 1, "reused_partners": 1, "agreements": 3,
                                 "conditions": 3}  # fmt: skip
    importer.import_rows(check.rows, actor=coordinator, source="partners.csv")
    db.session.commit()

    assert count(Institution) == institutions_before + 1
    eth = db.session.scalar(select(Institution).where(Institution.schac_code == "ethz.ch"))
    assert (eth.name, eth.country, eth.erasmus_code) == ("ETH Zürich", "CH", "CH ZURICH07")
    agreements = {p.title: p for p in db.session.scalars(select(Partnership))}
    energy = agreements["Energy and materials research"]
    assert energy.state == PartnershipState.ACTIVE and energy.org_unit_id == unit.id
    assert energy.subject_areas == ["0533", "0713"]
    assert sorted((c.mobility_type.value, c.months_per_year, c.days_per_year)
                  for c in energy.conditions) == [("SMS", 10, None), ("STA", None, 5)]  # fmt: skip
    assert agreements["Engineering exchange"].partner_id == known.id
    assert agreements["Engineering exchange"].state == PartnershipState.SUSPENDED
    assert agreements["Doctoral training (in negotiation)"].state == PartnershipState.DRAFT
    assert agreements["Doctoral training (in negotiation)"].conditions == []
    assert count(CooperationCondition) == 3
    actions = [a for (a,) in db.session.execute(select(AuditEvent.action))]
    assert actions.count("institution.create") == 1
    assert actions.count("partnership.create") == 3
    assert actions.count("condition.create") == 3
    assert actions.count("import.run") == 1
    run = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import.run"))
    assert run.actor_id == coordinator.id and run.note == "partners.csv"
    assert run.after == {"new_partners": 1, "reused_partners": 1, "agreements": 3,
                         "conditions": 3, "rows": 4}  # fmt: skip


def test_import_one_bad_row_imports_nothing_and_names_line_and_column(coordinator):
    text = make_csv([
        row(),
        row(partner_name="University of Cambridge", partner_country="UK",
            partner_schac="cam.ac.uk", partner_erasmus_code="UK CAMBRID01",
            agreement_title="Physics exchange"),
        row(partner_name="NUS", partner_country="SG", partner_schac="nus.edu.sg",
            partner_erasmus_code="", agreement_title="Computing"),
    ])  # fmt: skip

    before = count(Institution)

    check = importer.prepare_import(text, actor=coordinator)

    assert messages(check) == ["Line 3, partner_country: 'UK' is not an ISO 3166-1 code; "
                               "did you mean GB?"]  # fmt: skip
    assert check.plan is None and not check.ok
    assert count(Institution) == before and count(Partnership) == 0


def test_import_rows_refuses_rows_made_invalid_since_the_check(coordinator):
    check = importer.prepare_import(make_csv([row()]), actor=coordinator)
    f.institution(name="Someone else", schac_code="other.ch", erasmus_code="CH ZURICH07")
    before = count(Institution)

    with pytest.raises(importer.ImportRowsError) as raised:
        importer.import_rows(check.rows, actor=coordinator)

    db.session.rollback()
    assert [e.column for e in raised.value.errors] == ["partner_erasmus_code"]
    assert count(Institution) == before and count(Partnership) == 0


def test_import_accepts_a_utf8_bom(coordinator):
    data = b"\xef\xbb\xbf" + make_csv([row()]).encode("utf-8")
    check = importer.prepare_import(data, actor=coordinator)
    assert check.errors == [] and check.plan.counts["agreements"] == 1
    assert check.plan.new_partners[0].name == "ETH Zürich"


def test_import_sniffs_a_semicolon_delimiter_and_free_column_order(coordinator):
    columns = list(reversed(COLUMN_NAMES))
    text = make_csv([row(notes="Zurich; Basel, and Geneva")], delimiter=";", columns=columns)
    check = importer.prepare_import(text, actor=coordinator)
    assert check.errors == []
    assert check.plan.agreements[0].agreement.notes == "Zurich; Basel, and Geneva"


def test_import_reports_unknown_columns_and_refuses_a_misspelt_one(coordinator):
    extra = make_csv([row() | {"contact_person": "Anna Meier"}],
                     columns=[*COLUMN_NAMES, "contact_person"])  # fmt: skip
    typo = make_csv([row() | {"places_per_yer": "2"}],
                    columns=[c if c != "places_per_year" else "places_per_yer"
                             for c in COLUMN_NAMES])  # fmt: skip

    extra_check = importer.prepare_import(extra, actor=coordinator)
    typo_check = importer.prepare_import(typo, actor=coordinator)

    assert extra_check.errors == [] and extra_check.unknown_columns == ["contact_person"]
    assert extra_check.warnings == ["These columns are not imported: contact_person."]
    assert messages(typo_check) == [
        "Line 1, places_per_yer: This column is not known; did you mean places_per_year?"
    ]


def test_import_refuses_one_schac_code_with_conflicting_names(coordinator):
    text = make_csv([row(), row(partner_name="ETH Zurich", agreement_title="Second agreement")])
    check = importer.prepare_import(text, actor=coordinator)
    assert messages(check) == ["Line 3, partner_name: 'ETH Zurich' differs from 'ETH Zürich' on "
                               "line 2 for the same partner ethz.ch."]  # fmt: skip


def test_import_refuses_years_out_of_order_and_badly_written(coordinator):
    text = make_csv([row(first_year="2027/2028", last_year="2026/2027"),
                     row(agreement_title="Other", first_year="2026-2027")])  # fmt: skip
    check = importer.prepare_import(text, actor=coordinator)
    assert messages(check) == [
        "Line 2, last_year: 2026/2027 is before the first year 2027/2028.",
        "Line 3, first_year: '2026-2027' is not an academic year; write it as 2026/2027.",
    ]


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\xef\xbb\xbf"])
def test_import_says_an_empty_file_is_empty(coordinator, data):
    check = importer.prepare_import(data, actor=coordinator)
    assert messages(check) == ["The file is empty."]


def test_import_says_a_header_without_rows_has_nothing_to_import(coordinator):
    check = importer.prepare_import(make_csv([]), actor=coordinator)
    assert messages(check) == ["The file has a header but no rows to import."]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "This is not a text file."),
        (b"PK\x03\x04\x14\x00\x06\x00workbook", "Excel workbook"),
        ("partner_name\nUniversidade de São Paulo\n".encode("latin-1"), "not UTF-8 text (line 2"),
    ],
)
def test_import_refuses_files_that_are_not_utf8_csv(coordinator, data, words):
    check = importer.prepare_import(data, actor=coordinator)
    assert len(check.errors) == 1 and words in check.errors[0].message
    assert check.plan is None


def test_import_limits_rows_and_bytes(coordinator):
    too_many = make_csv([row(agreement_title=f"A{i}") for i in range(MAX_ROWS + 1)])
    too_big = b"x" * (importer.MAX_BYTES + 1)

    rows_check = importer.prepare_import(too_many, actor=coordinator)
    bytes_check = importer.prepare_import(too_big, actor=coordinator)

    assert messages(rows_check) == [
        "The file has more than 2,000 rows. Import at most 2,000 rows at a time: split the file "
        "and upload each part."
    ]
    assert messages(bytes_check)[0].startswith("The file is larger than 1 MB.")


def test_import_refuses_a_missing_required_column_once(coordinator):
    columns = [c for c in COLUMN_NAMES if c != "partner_schac"]
    check = importer.prepare_import(make_csv([row(), row()], columns=columns), actor=coordinator)
    assert len(check.errors) == 1
    assert check.errors[0].message.startswith("The header has no column partner_schac.")


def test_import_explains_each_bad_cell_in_plain_words(coordinator):
    text = make_csv([
        row(partner_schac="ETH Zurich", partner_website="ethz.ch", subject_areas="713;9999",
            mobility_type="SMS", days_per_year="10", eqf_levels="5", language="English",
            cefr="D1", places_per_year="two", status="expired"),
    ])  # fmt: skip
    check = importer.prepare_import(text, actor=coordinator)
    assert messages(check) == [
        "Line 2, partner_schac: 'eth zurich' is not a SCHAC code; write the internet domain, "
        "e.g. uw.edu.pl.",
        "Line 2, partner_website: 'ethz.ch' is not a web address; start it with https://.",
        "Line 2, subject_areas: '713' is not an ISCED-F code; did you mean 0713? Spreadsheets "
        "drop leading zeros unless the column is formatted as text.",
        "Line 2, subject_areas: '9999' is not an ISCED-F 2013 code.",
        "Line 2, status: 'expired' is not a status an import can give; write draft, active or "
        "suspended.",
        "Line 2, places_per_year: 'two' is not a whole number.",
        "Line 2, days_per_year: Student mobility is counted in months; leave days empty.",
        "Line 2, eqf_levels: '5' is not a study level; write 6, 7 or 8.",
        "Line 2, language: 'english' is not an ISO 639-1 code; did you mean en?",
        "Line 2, cefr: 'D1' is not a CEFR level; write A1 to C2.",
    ]


def test_import_refuses_duplicates_of_stored_and_repeated_data(coordinator):
    stored = f.institution(name="ETH Zürich", country="CH", schac_code="ethz.ch")
    f.partnership(partner=stored, title="Energy and materials research")
    text = make_csv([row(), row(direction="outgoing"),
                     row(agreement_title="Ended", status="active",
                         first_year="2015/2016", last_year="2019/2020")])  # fmt: skip
    check = importer.prepare_import(text, actor=coordinator)
    assert messages(check) == [
        "Line 2, agreement_title: ETH Zürich already has an agreement titled 'Energy and "
        "materials research'; remove its rows or give the new agreement another title.",
        "Line 3, mobility_type: Line 2 already gives this agreement a condition for outgoing, SMS.",
        "Line 4, last_year: The agreement ended with 2019/2020, so it cannot be active; import "
        "only current and future agreements.",
    ]


def test_import_keeps_a_scoped_coordinator_to_their_units(login_as):
    mine, other = f.org_unit(code="CS"), f.org_unit(code="MED")
    scoped = f.coordinator(org_unit=mine)
    from exchange.accounts.models import CoordinatorScope

    scoped.scope_rows = [CoordinatorScope(org_unit_id=mine.id)]
    db.session.commit()
    text = make_csv([
        row(owning_unit_code="CS"),
        row(agreement_title="B", owning_unit_code="MED"),
        row(agreement_title="C"),
        row(agreement_title="D", owning_unit_code="MDE"),
    ])  # fmt: skip

    check = importer.prepare_import(text, actor=scoped)

    assert [(e.line, e.column) for e in check.errors] == [
        (3, "owning_unit_code"), (4, "owning_unit_code"), (5, "owning_unit_code")]  # fmt: skip
    assert "did you mean MED?" in check.errors[2].message
    assert other.id != mine.id


def test_shipped_sample_file_validates_and_imports(coordinator):
    for code in ("ENG", "ENG-EE", "ENG-NANO", "CS-AI", "AGR-SUS", "HUM-HIS"):
        f.org_unit(code=code, name=f"Unit {code}")
    check = importer.prepare_import(SAMPLE.read_bytes(), actor=coordinator)
    assert check.errors == []
    assert check.plan.counts == {"new_partners": 6, "reused_partners": 0, "agreements": 7,
                                 "conditions": 11}  # fmt: skip
    importer.import_rows(check.rows, actor=coordinator, source="partnerships.csv")
    db.session.commit()
    names = set(db.session.scalars(select(Institution.name).where(~Institution.is_home)))
    assert {"University of Melbourne", "ETH Zürich", "National University of Singapore",
            "Universidade de São Paulo"} <= names  # fmt: skip
    assert count(Partnership) == 7 and count(CooperationCondition) == 11
