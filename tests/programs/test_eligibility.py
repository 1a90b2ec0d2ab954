"""Eligibility: a table of students x programs with the expected verdict and reasons."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from exchange.accounts.models import OrgUnit, User
from exchange.accounts.roles import StudyLevel
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.states import PartnershipState
from exchange.programs.catalogue import requirements_clause
from exchange.programs.eligibility import ReasonCode, check
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from tests import factories as f

TODAY = date(2026, 3, 15)

# Transient objects: check() takes inputs only and never touches the database.
ENGINEERING = OrgUnit(id=1, name="Faculty of Engineering", parent_id=None)
NANO = OrgUnit(id=2, name="Department of Nanotechnology", parent_id=1)
ENERGY = OrgUnit(id=3, name="Department of Energy", parent_id=1)
HISTORY = OrgUnit(id=4, name="Department of History", parent_id=5)

UNITS = {"engineering": ENGINEERING, "nano": NANO, "energy": ENERGY, "history": HISTORY}


def _student(level="7", unit="nano", gpa="3.50") -> User:
    return User(
        study_level=StudyLevel(level) if level else None,
        org_unit=UNITS[unit] if unit else None,
        gpa=Decimal(gpa) if gpa else None,
    )


def _program(
    eqf=("6", "7"),
    units=(),
    min_gpa=None,
    language="en",
    cefr="B2",
    opens=-10,
    closes=20,
    state=ProgramState.PUBLISHED,
    partnership_state=PartnershipState.ACTIVE,
) -> Program:
    program = Program(
        title="Call",
        min_gpa=Decimal(min_gpa) if min_gpa else None,
        language=language,
        cefr_level=cefr,
        opens_on=TODAY + timedelta(days=opens),
        closes_on=TODAY + timedelta(days=closes),
        state=state,
        partnership=Partnership(state=partnership_state),
    )
    program.eqf_levels = eqf
    program.org_units = [UNITS[u] for u in units]
    return program


EN_B2 = {"en": "B2"}

CASES = [
    # id, student, program, languages, expected reason codes (empty: eligible)
    ("all requirements met", _student(), _program(min_gpa="3.20", units=["nano"]), EN_B2, []),
    (
        "no limits at all",
        _student(level=None, unit=None, gpa=None),
        _program(eqf=(), language=None, cefr=None),
        {},
        [],
    ),
    ("level too low", _student(level="6"), _program(eqf=("7", "8")), EN_B2, ["level"]),
    ("level too high", _student(level="8"), _program(eqf=("6", "7")), EN_B2, ["level"]),
    ("level not recorded", _student(level=None), _program(eqf=("7",)), EN_B2, ["level_unknown"]),
    ("unit listed", _student(unit="nano"), _program(units=["nano", "energy"]), EN_B2, []),
    ("parent faculty listed", _student(unit="nano"), _program(units=["engineering"]), EN_B2, []),
    (
        "unit not listed",
        _student(unit="history"),
        _program(units=["nano", "energy"]),
        EN_B2,
        ["unit"],
    ),
    ("unit not recorded", _student(unit=None), _program(units=["nano"]), EN_B2, ["unit_unknown"]),
    ("gpa below", _student(gpa="3.05"), _program(min_gpa="3.20"), EN_B2, ["gpa"]),
    ("gpa equal", _student(gpa="3.20"), _program(min_gpa="3.20"), EN_B2, []),
    ("gpa not recorded", _student(gpa=None), _program(min_gpa="3.00"), EN_B2, ["gpa_unknown"]),
    ("gpa not recorded, no minimum", _student(gpa=None), _program(), EN_B2, []),
    ("language missing", _student(), _program(cefr="B2"), {}, ["language_missing"]),
    ("other language only", _student(), _program(), {"fr": "C2"}, ["language_missing"]),
    ("language lower", _student(), _program(cefr="C1"), {"en": "B2"}, ["language"]),
    ("language equal", _student(), _program(cefr="C1"), {"en": "C1"}, []),
    ("language higher", _student(), _program(cefr="B1"), {"en": "C2"}, []),
    ("language without level", _student(), _program(cefr=None), {"en": "A1"}, []),
    ("not open yet", _student(), _program(opens=5, closes=30), EN_B2, ["not_open_yet"]),
    ("opens today", _student(), _program(opens=0), EN_B2, []),
    ("closes today", _student(), _program(closes=0), EN_B2, []),
    ("deadline passed", _student(), _program(opens=-30, closes=-1), EN_B2, ["closed"]),
    ("draft call", _student(), _program(state=ProgramState.DRAFT), EN_B2, ["closed"]),
    (
        "agreement suspended",
        _student(),
        _program(partnership_state=PartnershipState.SUSPENDED),
        EN_B2,
        ["closed"],
    ),
    (
        "several reasons, in order",
        _student(level="6", unit="history", gpa="2.10"),
        _program(eqf=("7",), units=["nano"], min_gpa="3.00", opens=3),
        {},
        ["level", "unit", "gpa", "language_missing", "not_open_yet"],
    ),
]


@pytest.mark.parametrize(
    ("student", "program", "languages", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_check_verdict_and_reasons(student, program, languages, codes):
    verdict = check(student, program, languages, TODAY)

    assert verdict.codes == codes
    assert verdict.eligible == (codes == [])


@pytest.mark.parametrize(
    ("student", "program", "languages", "message"),
    [
        (
            _student(level="6"),
            _program(eqf=("7", "8")),
            EN_B2,
            "This call is for master's and doctoral students (EQF 7, 8); "
            "you are a bachelor's student.",
        ),
        (
            _student(unit="history"),
            _program(units=["nano", "energy"]),
            EN_B2,
            "Open to the Department of Energy and Department of Nanotechnology only; "
            "you are in the Department of History.",
        ),
        (
            _student(gpa="3.05"),
            _program(min_gpa="3.2"),
            EN_B2,
            "Requires a GPA of at least 3.20; yours is 3.05.",
        ),
        (
            _student(gpa=None),
            _program(min_gpa="3.00"),
            EN_B2,
            "Your GPA is not recorded yet; ask the international office.",
        ),
        (
            _student(),
            _program(cefr="C1"),
            {"en": "B2"},
            "Requires English at level C1; you declared B2.",
        ),
        (_student(), _program(), {}, "Add your English level to your profile."),
        (_student(), _program(opens=5), EN_B2, "Applications open on 2026-03-20."),
        (_student(), _program(opens=-30, closes=-1), EN_B2, "The deadline was 2026-03-14."),
    ],
)
def test_check_explains_in_plain_words(student, program, languages, message):
    verdict = check(student, program, languages, TODAY)
    assert [r.message for r in verdict.reasons] == [message]


def test_upcoming_call_meets_requirements_but_is_not_yet_eligible():
    verdict = check(_student(), _program(opens=5), EN_B2, TODAY)

    assert (verdict.eligible, verdict.meets_requirements, verdict.opens_later) == (
        False,
        True,
        True,
    )
    assert verdict.reasons[0].code == ReasonCode.NOT_OPEN_YET


def test_check_reads_nothing_from_the_database(app):
    from sqlalchemy import event

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - a one-line probe
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        for _name, student, program, languages, _codes in CASES:
            check(student, program, languages, TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert statements == []


# The catalogue's "only eligible" filter is the SQL twin of check(): they must agree.
def test_sql_requirements_agree_with_check():
    faculty = f.org_unit(name="Faculty of Engineering")
    nano = f.org_unit(name="Department of Nanotechnology", parent=faculty)
    other = f.org_unit(name="Department of History")
    partnership = f.partnership()
    programs = [
        f.program(
            partnership=partnership,
            title="open to all",
            eqf_levels=[],
            language=None,
            cefr_level=None,
        ),
        f.program(partnership=partnership, title="masters", eqf_levels=["7", "8"]),
        f.program(partnership=partnership, title="bachelors", eqf_levels=["6"]),
        f.program(partnership=partnership, title="faculty", org_units=[faculty]),
        f.program(partnership=partnership, title="history", org_units=[other]),
        f.program(partnership=partnership, title="gpa 3.20", min_gpa=Decimal("3.20")),
        f.program(partnership=partnership, title="english c1", cefr_level="C1"),
        f.program(partnership=partnership, title="english any", cefr_level=None),
        f.program(partnership=partnership, title="arabic b1", language="ar", cefr_level="B1"),
    ]
    students = [
        (
            f.student(org_unit=nano, study_level=StudyLevel.MASTER, gpa=Decimal("3.20")),
            {"en": "C1"},
        ),
        (
            f.student(org_unit=other, study_level=StudyLevel.BACHELOR, gpa=Decimal("3.19")),
            {"en": "B2", "ar": "C2"},
        ),
        (f.student(org_unit=None, study_level=None, gpa=None), {}),
    ]

    for student, languages in students:
        in_sql = set(
            db.session.scalars(select(Program.title).where(requirements_clause(student, languages)))
        )
        in_python = {
            p.title
            for p in programs
            if check(student, p, languages, date.today()).meets_requirements
        }
        assert in_sql == in_python
