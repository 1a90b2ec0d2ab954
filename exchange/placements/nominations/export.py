"""The nomination list as CSV and as JSON shaped like EWP's outgoing mobility (omobility).

The JSON follows the element names of EWP's OMobilities API (sending-hei, receiving-hei,
student, planned-arrival-date, nominee-isced-f-code, nominee-language-skill, status ...) and
validates against the schema the project ships, schemas/omobility-nomination.schema.json.
Only what Exchange stores is exported: no birth date is invented (accounts keep none), the
receiving org unit is left out (programs do not name one), and optional fields are omitted
rather than filled. Accounts keep one full name; it is split at its last space into given
names and family name (one word: given names only).

The CSV is meant for spreadsheets: a cell that starts like a formula (=, +, -, @, tab, CR)
is prefixed with an apostrophe so that a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from importlib import resources

from sqlalchemy import select

from exchange.extensions import db
from exchange.partnerships.models import Institution
from exchange.placements.nominations.models import Nomination, NominationError
from exchange.programs.states import Term

SCHEMA_FILE = "omobility-nomination.schema.json"
FORMAT = "exchange-omobility-nominations/1"
# EWP's term ids: term-number of total-terms in the academic year.
TERM_NUMBERS = {Term.YEAR: (1, 1), Term.FIRST: (1, 2), Term.SECOND: (2, 2)}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "omobility_id", "status", "partner_answer", "partner_answered_on", "partner_reason",
    "sending_hei_id", "sending_ounit", "receiving_hei_id", "receiving_institution", "program",
    "mobility_type", "academic_year", "term", "planned_arrival", "planned_departure",
    "given_names", "family_name", "email", "student_number", "eqf_level", "isced_f_code",
    "language", "cefr_level",
]  # fmt: skip


def schema() -> dict:
    """The JSON Schema (draft 2020-12) the export follows, as shipped with the package."""
    folder = resources.files("exchange.placements").joinpath("schemas")
    return json.loads(folder.joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def home_institution() -> Institution:
    home = db.session.scalar(select(Institution).where(Institution.is_home))
    if home is None:
        raise NominationError("Record the home institution (with its SCHAC code) first.")
    return home


def split_name(full_name: str) -> tuple[str, str | None]:
    """'Amina Al Harbi' -> ('Amina Al', 'Harbi'); one word -> (word, None)."""
    parts = " ".join((full_name or "").split()).rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], None)


def _sending_unit(student, home: Institution) -> dict:
    unit = student.org_unit
    if unit is None or unit.institution_id != home.id:
        return {}
    return {"ounit-code": unit.code, "ounit-name": unit.name}


def _term(nomination: Nomination) -> dict:
    year = nomination.academic_year_label
    term = {"academic-year-id": year, "term": nomination.term.value}
    numbers = TERM_NUMBERS.get(nomination.term)
    if numbers:
        term |= {"term-number": numbers[0], "total-terms": numbers[1],
                 "ewp-id": f"{year}-{numbers[0]}/{numbers[1]}"}  # fmt: skip
    return term


def omobility(nomination: Nomination, home: Institution) -> dict:
    """One nomination as an EWP-like outgoing mobility (optional keys only when known)."""
    application, partner = nomination.application, nomination.partner
    student = application.student
    given, family = split_name(student.full_name)
    person = {"given-names": given, "email": student.email}
    if family:
        person["family-name"] = family
    if student.student_number:
        person["student-number"] = student.student_number
    birth = getattr(student, "birth_date", None)
    if birth is not None:
        person["birth-date"] = birth.isoformat()
    receiving = {"hei-id": partner.schac_code, "name": partner.name}
    if partner.erasmus_code:
        receiving["erasmus-code"] = partner.erasmus_code
    answer = {"status": nomination.partner_answer.value}
    if nomination.partner_answered_on:
        answer["answered-on"] = nomination.partner_answered_on.isoformat()
    if nomination.partner_reason:
        answer["reason"] = nomination.partner_reason
    item = {
        "omobility-id": str(nomination.id),
        "status": nomination.status.value,
        "sending-hei": {"hei-id": home.schac_code} | _sending_unit(student, home),
        "receiving-hei": receiving,
        "student": person,
        "mobility-type": nomination.program.mobility_type.value,
        "program": nomination.program.title,
        "receiving-academic-year-id": nomination.academic_year_label,
        "receiving-academic-term": _term(nomination),
        "planned-arrival-date": nomination.planned_arrival.isoformat(),
        "planned-departure-date": nomination.planned_departure.isoformat(),
        "nominee-language-skill": [],
        "partner-answer": answer,
    }
    if nomination.eqf_level:
        item["eqf-level-studied-at-departure"] = int(nomination.eqf_level)
    if nomination.isced_code:
        item["nominee-isced-f-code"] = nomination.isced_code
    if application.language:
        skill = {"language": application.language}
        if application.language_level:
            skill["cefr-level"] = application.language_level
        item["nominee-language-skill"].append(skill)
    return item


def to_document(nominations, *, generated_at: datetime) -> dict:
    home = home_institution()
    return {
        "format": FORMAT,
        "generated-at": generated_at.isoformat(timespec="seconds"),
        "sending-hei-id": home.schac_code,
        "omobilities": [omobility(n, home) for n in nominations],
    }


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: formula-like starts get an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(item: dict) -> list:
    person, term = item["student"], item["receiving-academic-term"]
    skill = (item["nominee-language-skill"] or [{}])[0]
    answer = item["partner-answer"]
    unit = item["sending-hei"]
    return [
        item["omobility-id"], item["status"], answer["status"], answer.get("answered-on"),
        answer.get("reason"), unit["hei-id"], unit.get("ounit-name"),
        item["receiving-hei"]["hei-id"], item["receiving-hei"]["name"], item["program"],
        item["mobility-type"], term["academic-year-id"], term.get("ewp-id", term["term"]),
        item["planned-arrival-date"], item["planned-departure-date"], person["given-names"],
        person.get("family-name"), person["email"], person.get("student-number"),
        item.get("eqf-level-studied-at-departure"), item.get("nominee-isced-f-code"),
        skill.get("language"), skill.get("cefr-level"),
    ]  # fmt: skip


def to_csv(nominations, *, generated_at: datetime) -> str:
    document = to_document(nominations, generated_at=generated_at)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in document["omobilities"]:
        writer.writerow([safe_cell(v) for v in _row(item)])
    return out.getvalue()
