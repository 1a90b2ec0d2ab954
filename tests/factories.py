"""One factory per model. Each adds, commits and returns the object; no hidden side effects
beyond what the arguments ask for."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from exchange.accounts.models import CoordinatorScope, OrgUnit, User, UserRole
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
                    schac_code=f"partner{n}.example.ac.uk",
                    website=f"https://partner{n}.example.ac.uk")  # fmt: skip
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


def scoped_coordinator(unit: OrgUnit, **kw) -> User:
    """A coordinator whose scope is `unit` (and the units below it)."""
    person = coordinator(**kw)
    person.scope_rows = [CoordinatorScope(org_unit_id=unit.id)]
    db.session.commit()
    return person


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
    defaults = dict(direction=Direction.OUTGOING, mobility_type=MobilityType.SMS, places_per_year=4,
                    months_per_year=20, language="en", cefr_level="B2")  # fmt: skip
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
    ensure_outgoing_places(obj.partnership or obj.partnership_id, obj.mobility_type, obj.seats)
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
    ensure_outgoing_places(partnership, rows[0]["mobility_type"], rows[0]["seats"] * count)
    db.session.execute(insert(Program), rows)
    db.session.commit()


# The quota rule: the database refuses a call whose agreement has no outgoing condition of its
# type with room for its seats. program() and programs_in_bulk() add that condition when it is
# missing, generous enough (FACTORY_PLACES, or the seats if more) that tests about something
# else never meet the quota; they never touch a condition that exists, and the database stays
# strict. Quota tests create their condition first, or use program_with_quota().
FACTORY_PLACES = 100


def ensure_outgoing_places(partnership, mobility_type, seats: int) -> None:
    from sqlalchemy import select

    partnership_id = partnership if isinstance(partnership, int) else partnership.id
    if partnership_id is None:
        db.session.flush()
        partnership_id = partnership.id
    found = db.session.scalar(
        select(CooperationCondition.id).where(
            CooperationCondition.partnership_id == partnership_id,
            CooperationCondition.direction == Direction.OUTGOING,
            CooperationCondition.mobility_type == MobilityType(mobility_type),
        )
    )
    if found is None:
        kind = MobilityType(mobility_type)
        condition(partnership_id=partnership_id, mobility_type=kind,
                  places_per_year=max(FACTORY_PLACES, seats),
                  months_per_year=10 if kind.is_student else None,
                  days_per_year=None if kind.is_student else 10)  # fmt: skip


def program_with_quota(places: int, **kw) -> Program:
    """A call under an agreement whose outgoing condition of the call's type allows `places`."""
    if "partnership" not in kw and "partnership_id" not in kw:
        kw["partnership"] = partnership()
    kind = MobilityType(kw.get("mobility_type", MobilityType.SMS))
    condition(partnership=kw["partnership"], mobility_type=kind, places_per_year=places,
              months_per_year=10 if kind.is_student else None,
              days_per_year=None if kind.is_student else 10)  # fmt: skip
    return program(**kw)


# --- Partner records: contacts, factsheets, signatories, agreement documents ----------------

# The smallest file that starts like a PDF; the app checks content, not the name.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def institution_contact(**kw):
    from exchange.partnerships.models import InstitutionContact

    n = next(_seq)
    if "institution" not in kw and "institution_id" not in kw:
        kw["institution"] = institution()
    defaults = dict(name=f"Contact {n}", role="Incoming mobility coordinator",
                    email=f"contact{n}@partner.example", phone="+44 1223 337733")  # fmt: skip
    return _save(InstitutionContact(**(defaults | kw)))


def signatory(**kw):
    from exchange.partnerships.kinds import Side
    from exchange.partnerships.models import Signatory

    n = next(_seq)
    if "partnership" not in kw and "partnership_id" not in kw:
        kw["partnership"] = partnership()
    defaults = dict(side=Side.HOME, name=f"Signatory {n}", position="Vice-President")
    return _save(Signatory(**(defaults | kw)))


def agreement_document(**kw):
    """A stored PDF for an agreement (the bytes really are in the database)."""
    import hashlib

    from exchange.partnerships.models import AgreementDocument

    if "partnership" not in kw and "partnership_id" not in kw:
        kw["partnership"] = partnership()
    content = kw.pop("content", PDF_BYTES)
    defaults = dict(filename="agreement.pdf", content=content, size=len(content),
                    sha256=hashlib.sha256(content).hexdigest())  # fmt: skip
    return _save(AgreementDocument(**(defaults | kw)))


def archived_institution(**kw) -> Institution:
    """A former partner, archived a while ago."""
    from exchange.db import utcnow

    return institution(**({"archived_at": utcnow() - timedelta(days=30)} | kw))


# --- Notices (the general notification mechanism) ---------------------------------------------


def notice(**kw):
    """An unread in-app notice for a user (pass read_at to make it read)."""
    from exchange.notifications.notices import Notice

    n = next(_seq)
    if "recipient" not in kw and "recipient_id" not in kw:
        kw["recipient"] = student()
    defaults = dict(kind="application.submitted", title=f"Notice {n}",
                    body=f"Something changed ({n}).", link="/student/")  # fmt: skip
    return _save(Notice(**(defaults | kw)))


# --- Applications: calls, applications, ranked choices, documents ---------------------------


def call(**kw):
    """An application round (programs join it with program(call=...))."""
    from exchange.programs.calls import Call

    n = next(_seq)
    defaults = dict(title=f"Exchange call {n}", academic_year=date.today().year, max_choices=3,
                    allow_reopen=False)  # fmt: skip
    return _save(Call(**(defaults | kw)))


def application(**kw):
    """A draft application (pass state=, submitted_at= ... for others; the CHECKs apply)."""
    from exchange.applications.models import Application
    from exchange.applications.states import ApplicationState

    if "student" not in kw and "student_id" not in kw:
        kw["student"] = student()
    if "call" not in kw and "call_id" not in kw:
        kw["call"] = call()
    state = ApplicationState(kw.pop("state", ApplicationState.DRAFT))
    defaults = dict(state=state)
    if state not in (ApplicationState.DRAFT, ApplicationState.WITHDRAWN,
                     ApplicationState.CANCELLED):  # fmt: skip
        from exchange.db import utcnow

        defaults["submitted_at"] = utcnow()
    if state == ApplicationState.WITHDRAWN:
        from exchange.db import utcnow

        defaults["withdrawn_at"] = utcnow()
    return _save(Application(**(defaults | kw)))


def choice(**kw):
    """A ranked choice; the program joins the application's call unless one is given."""
    from exchange.applications.models import ApplicationChoice

    if "application" not in kw and "application_id" not in kw:
        kw["application"] = application()
    if "program" not in kw and "program_id" not in kw:
        kw["program"] = program(call=kw["application"].call)
    if "rank" not in kw:
        kw["rank"] = len(kw["application"].choices) + 1 if "application" in kw else 1
    return _save(ApplicationChoice(**kw))


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def document(**kw):
    """A stored file of an application (a small PDF unless content= says otherwise)."""
    import hashlib

    from exchange.applications.models import ApplicationDocument
    from exchange.applications.states import ContentType, DocumentStatus

    if "application" not in kw and "application_id" not in kw:
        kw["application"] = application()
    content = kw.pop("content", PDF_BYTES)
    defaults = dict(doc_type=DocumentType.TRANSCRIPT, filename="transcript.pdf", content=content,
                    size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                    content_type=ContentType.PDF, status=DocumentStatus.CURRENT)  # fmt: skip
    return _save(ApplicationDocument(**(defaults | kw)))
