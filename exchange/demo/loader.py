"""Load the demo story into the database; running it again changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from exchange import audit
from exchange.accounts.languages import StudentLanguage
from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.passwords import hash_password
from exchange.accounts.roles import OrgUnitKind, Role, StudyLevel
from exchange.demo import data
from exchange.demo.incoming_visits import load_incoming_visits_demo
from exchange.demo.selection import load_selection_demo
from exchange.demo.visits import load_visits_demo
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.states import DocumentType, ProgramState, Term
from exchange.reference import academic_year_label


def academic_year_of(day: date) -> int:
    """The first calendar year of the academic year a day falls in (years start in September)."""
    return day.year if day.month >= 9 else day.year - 1


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Institution))


def _institution(values: dict, *, is_home: bool) -> tuple[Institution, bool]:
    found = db.session.scalar(
        select(Institution).where(Institution.schac_code == values["schac_code"])
    )
    if found is not None:
        return found, False
    inst = Institution(**values, is_home=is_home)
    db.session.add(inst)
    db.session.flush()
    return inst, True


def load_demo(today: date | None = None) -> dict[str, int]:
    """Create what is missing of the demo story; return how many objects of each kind it added."""
    today = today or date.today()
    year = academic_year_of(today)
    added = dict.fromkeys(
        ("institutions", "units", "partnerships", "programs", "calls", "accounts"), 0
    )

    existing_home = db.session.scalar(select(Institution).where(Institution.is_home))
    home = existing_home
    if home is None:
        home, _ = _institution(data.HOME, is_home=True)
        added["institutions"] += 1

    units: dict[str, OrgUnit] = {
        u.code: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.institution == home))
    }
    for code, name, kind, parent in data.UNITS:
        if code not in units:
            units[code] = OrgUnit(institution=home, code=code, name=name, kind=OrgUnitKind(kind),
                                  parent=units.get(parent) if parent else None)  # fmt: skip
            db.session.add(units[code])
            added["units"] += 1
    db.session.flush()

    partners = {}
    for values in data.PARTNERS:
        partners[values["schac_code"]], created = _institution(values, is_home=False)
        added["institutions"] += created

    partnerships = {}
    for spec in data.PARTNERSHIPS:
        partner = partners[spec["partner"]]
        found = db.session.scalar(
            select(Partnership).where(
                Partnership.partner_id == partner.id, Partnership.title == spec["title"]
            )
        )
        if found is None:
            found = Partnership(
                partner=partner,
                org_unit=units[spec["unit"]],
                title=spec["title"],
                state=PartnershipState(spec["state"]),
                first_year=year + spec["years"][0],
                last_year=year + spec["years"][1],
                notes=spec["notes"],
            )
            found.subject_areas = spec["subjects"]
            for direction, kind, places, months, days, eqf, lang, cefr in spec["conditions"]:
                condition = CooperationCondition(
                    direction=Direction(direction), mobility_type=MobilityType(kind),
                    places_per_year=places, months_per_year=months, days_per_year=days,
                    language=lang, cefr_level=cefr,
                )  # fmt: skip
                condition.eqf_levels = eqf
                found.conditions.append(condition)
            db.session.add(found)
            added["partnerships"] += 1
        partnerships[spec["key"]] = found
    db.session.flush()

    for spec in data.PROGRAMS:
        partnership = partnerships[spec["partnership"]]
        exists = db.session.scalar(
            select(Program.id).where(
                Program.partnership_id == partnership.id, Program.title == spec["title"]
            )
        )
        if exists:
            continue
        program = Program(
            partnership=partnership,
            title=spec["title"],
            description=spec["description"],
            mobility_type=MobilityType(spec["type"]),
            academic_year=min(year + spec["year"], partnership.last_year),
            term=Term(spec["term"]),
            seats=spec["seats"],
            opens_on=today + timedelta(days=spec["window"][0]),
            closes_on=today + timedelta(days=spec["window"][1]),
            min_gpa=Decimal(spec["min_gpa"]) if spec["min_gpa"] else None,
            language=spec["language"],
            cefr_level=spec["cefr"],
            state=ProgramState.PUBLISHED,
        )
        program.eqf_levels = spec["eqf"]
        program.required_documents = [DocumentType(d) for d in spec["docs"]]
        program.org_units = [units[c] for c in spec["units"]]
        db.session.add(program)
        added["programs"] += 1

    db.session.flush()
    for _key, title, offset, max_choices, allow_reopen, program_titles in data.CALLS:
        full_title = f"{title} {academic_year_label(year + offset)}"
        call = db.session.scalar(select(Call).where(Call.title == full_title))
        if call is None:
            call = Call(title=full_title, academic_year=year + offset, max_choices=max_choices,
                        allow_reopen=allow_reopen)  # fmt: skip
            db.session.add(call)
            added["calls"] += 1
        db.session.flush()
        for program in db.session.scalars(
            select(Program).where(Program.title.in_(program_titles), Program.call_id.is_(None))
        ):
            program.call_id = call.id

    password_hash = None
    for email, name, roles, unit, student in data.ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)):
            continue
        password_hash = password_hash or hash_password(data.DEMO_PASSWORD)
        user = User(
            email=email, full_name=name, password_hash=password_hash, is_active=True,
            session_version=1, org_unit=units[unit],
            student_number=student.get("student_number"),
            study_level=StudyLevel(student["study_level"]) if student else None,
            gpa=Decimal(student["gpa"]) if student else None,
        )  # fmt: skip
        user.role_rows = [UserRole(role=Role(r)) for r in roles]
        db.session.add(user)
        added["accounts"] += 1
    db.session.flush()

    for email, levels in data.LANGUAGE_LEVELS.items():
        student = db.session.scalar(select(User).where(User.email == email))
        if student is None:
            continue
        known = set(db.session.scalars(
            select(StudentLanguage.language).where(StudentLanguage.user_id == student.id)
        ))  # fmt: skip
        for language, level in levels:
            if language not in known:
                db.session.add(StudentLanguage(user_id=student.id, language=language, level=level))
    db.session.flush()
    added |= load_selection_demo(units, year, today)
    added |= load_visits_demo(today)
    added |= load_incoming_visits_demo(today)

    if any(added.values()):
        audit.record("demo.load", None, object_type="system", after=added)
    return added
