"""One factory per model. Each adds, commits and returns the object; no hidden side effects
beyond what the arguments ask for."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.passwords import hash_password
from exchange.accounts.roles import OrgUnitKind, Role, StudyLevel
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.programs.models import Program
from exchange.programs.states import DocumentType, ProgramState, Term

_seq = itertools.count(1)
PASSWORD = "correct horse battery"
# Hashing with argon2 costs ~50 ms; most tests never type the password, so hash it once.
_PASSWORD_HASH = None


def _password_hash() -> str:
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = hash_password(PASSWORD)
    return _PASSWORD_HASH


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def home_institution(**kw) -> Institution:
    from sqlalchemy import select

    existing = db.session.scalar(select(Institution).where(Institution.is_home))
    if existing is not None:
        return existing
    defaults = dict(name="Home University", country="SA", city="Jeddah",
                    schac_code="home.example.edu", is_home=True)  # fmt: skip
    return _save(Institution(**(defaults | kw)))


def institution(**kw) -> Institution:
    n = next(_seq)
    defaults = dict(name=f"Partner University {n}", country="GB", city="Cambridge",
                    schac_code=f"partner{n}.example.ac.uk", website=f"https://partner{n}.example.ac.uk")  # fmt: skip
    return _save(Institution(**(defaults | kw)))


def org_unit(**kw) -> OrgUnit:
    n = next(_seq)
    if "institution" not in kw and "institution_id" not in kw:
        kw["institution"] = home_institution()
    defaults = dict(code=f"U{n}", name=f"Department {n}", kind=OrgUnitKind.DEPARTMENT)
    return _save(OrgUnit(**(defaults | kw)))


def user(*roles: Role, **kw) -> User:
    n = next(_seq)
    roles = roles or (Role.STUDENT,)
    defaults = dict(
        email=f"person{n}@example.edu",
        full_name=f"Person {n}",
        password_hash=_password_hash(),
        is_active=True,
        session_version=1,
    )
    if Role.STUDENT in roles:
        defaults |= dict(student_number=f"S{n:06d}", study_level=StudyLevel.BACHELOR,
                         gpa=Decimal("3.50"))  # fmt: skip
    if "org_unit" not in kw and "org_unit_id" not in kw and set(roles) - {Role.ADMIN}:
        kw["org_unit"] = org_unit()
    obj = User(**(defaults | kw))
    obj.role_rows = [UserRole(role=r) for r in roles]
    return _save(obj)


def student(**kw) -> User:
    return user(Role.STUDENT, **kw)


def faculty(**kw) -> User:
    return user(Role.FACULTY, **kw)


def coordinator(**kw) -> User:
    return user(Role.COORDINATOR, **kw)


def admin(**kw) -> User:
    return user(Role.ADMIN, **kw)


def partnership(**kw) -> Partnership:
    n = next(_seq)
    if "partner" not in kw and "partner_id" not in kw:
        kw["partner"] = institution()
    this_year = date.today().year
    defaults = dict(title=f"Agreement {n}", state=PartnershipState.ACTIVE,
                    first_year=this_year - 1, last_year=this_year + 3)  # fmt: skip
    obj = Partnership(**(defaults | kw))
    if "subject_areas" not in kw:
        obj.subject_areas = ["0613"]
    return _save(obj)


def condition(**kw) -> CooperationCondition:
    if "partnership" not in kw and "partnership_id" not in kw:
        kw["partnership"] = partnership()
    defaults = dict(direction=Direction.OUTGOING, mobility_type=MobilityType.SMS,
                    places_per_year=4, months_per_year=20, language="en", cefr_level="B2")  # fmt: skip
    obj = CooperationCondition(**(defaults | kw))
    if "eqf_levels" not in kw:
        obj.eqf_levels = ["6", "7"]
    return _save(obj)


def program(**kw) -> Program:
    n = next(_seq)
    if "partnership" not in kw and "partnership_id" not in kw:
        kw["partnership"] = partnership()
    today = date.today()
    defaults = dict(
        title=f"Semester exchange {n}",
        mobility_type=MobilityType.SMS,
        academic_year=today.year,
        term=Term.FIRST,
        seats=2,
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=30),
        state=ProgramState.PUBLISHED,
        language="en",
        cefr_level="B2",
    )
    eqf = kw.pop("eqf_levels", ["6", "7"])
    docs = kw.pop("required_documents", [DocumentType.TRANSCRIPT, DocumentType.MOTIVATION])
    obj = Program(**(defaults | kw))
    obj.eqf_levels = eqf
    obj.required_documents = docs
    return _save(obj)


def outbox_message(**kw):
    """A queued e-mail in the outbox (pending unless told otherwise)."""
    from exchange.notifications.models import OutboxMessage

    n = next(_seq)
    defaults = dict(recipient=f"mail{n}@example.edu", subject=f"Message {n}", body="Hello.")
    return _save(OutboxMessage(**(defaults | kw)))


def student_language(student, language: str = "en", level: str = "B2"):
    """A self-declared language level in a student's profile."""
    from exchange.accounts.languages import StudentLanguage

    return _save(StudentLanguage(user_id=student.id, language=language, level=level))


def programs_in_bulk(count: int, partnership, **kw) -> None:
    """Many published calls under one agreement in one INSERT (for query-count tests)."""
    from sqlalchemy import insert

    today = date.today()
    defaults = dict(partnership_id=partnership.id, mobility_type=MobilityType.SMS.value,
                    academic_year=today.year, term=Term.FIRST.value, seats=2,
                    opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=30),
                    state=ProgramState.PUBLISHED.value, language="en", cefr_level="B2",
                    eqf_levels_raw="6,7", required_documents_raw="transcript")  # fmt: skip
    start = next(_seq)
    rows = [defaults | {"title": f"Bulk call {start}-{i}"} | kw for i in range(count)]
    db.session.execute(insert(Program), rows)
    db.session.commit()
