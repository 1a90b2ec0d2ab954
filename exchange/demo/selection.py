"""The demo's selection round: a summer call of this academic year whose window has closed,
with about fourteen submitted applications under review, a rubric, reviewers assigned and a
few reviews in. Loading it again adds nothing.

Rows are written directly, as the rest of the demo does (the services would refuse to submit
to a closed window, and would mail every reviewer on each load); states are the ones the real
flow reaches: the phase opened, applications moved to "under review".
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from exchange.accounts.languages import StudentLanguage
from exchange.accounts.models import OrgUnit, User, UserRole
from exchange.accounts.passwords import hash_password
from exchange.accounts.roles import Role, StudyLevel
from exchange.applications.models import Application, ApplicationChoice, ApplicationDocument
from exchange.applications.states import ApplicationState, ContentType, DocumentStatus
from exchange.db import utcnow
from exchange.demo.data import DEMO_PASSWORD
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.states import MobilityType
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.queries import outgoing_places, seats_offered
from exchange.programs.states import DocumentType, ProgramState, Term
from exchange.reviews.models import (
    Review,
    ReviewAssignment,
    ReviewOpening,
    ReviewScore,
    RubricCriterion,
)
from exchange.reviews.states import AssignmentStatus, ReviewStatus

CALL_TITLE = "Summer research schools {year}"
# (partnership title, program title, seats wanted, CEFR, description)
PROGRAMS = [
    ("Artificial intelligence and data science exchange", "Machine learning summer school, Toronto",
     3, "B2", "Four weeks of courses and a team project in machine learning."),
    ("Nanotechnology and advanced materials", "Nanomaterials summer school, Cambridge",
     2, "B2", "Lab-based summer school in thin films and characterisation."),
    ("Sustainable agriculture and food security", "Arid-land farming summer school, Al Ain",
     2, "B1", "Field school on water management and desert agriculture."),
    ("Humanities and Persian studies", "Persian language and culture summer school, Tehran",
     2, "B1", "Intensive Persian with seminars on Iranian history."),
]  # fmt: skip
# (e-mail, name, unit, EQF level, GPA, language level in English)
STUDENTS = [
    ("amira.haddad@meridian.example", "Amira Haddad", "CS-AI", "6", "3.78", "C1"),
    ("yousef.khalil@meridian.example", "Yousef Khalil", "CS-AI", "7", "3.12", "B2"),
    ("rania.saadeh@meridian.example", "Rania Saadeh", "ENG-NANO", "7", "3.55", "C1"),
    ("tariq.mansour@meridian.example", "Tariq Mansour", "ENG-EE", "6", "2.94", "B2"),
    ("dina.qasem@meridian.example", "Dina Qasem", "MED-BIO", "7", "3.66", "C1"),
    ("hamza.odeh@meridian.example", "Hamza Odeh", "AGR-SUS", "6", "3.20", "B1"),
    ("leen.barakat@meridian.example", "Leen Barakat", "AGR-SUS", "6", "3.47", "B2"),
    ("kareem.azar@meridian.example", "Kareem Azar", "HUM-HIS", "6", "2.88", "B2"),
    ("noor.jaber@meridian.example", "Noor Jaber", "CS-AI", "6", "3.91", "C2"),
    ("faris.hamdan@meridian.example", "Faris Hamdan", "ENG-NANO", "6", "3.05", "B2"),
    ("maya.darwish@meridian.example", "Maya Darwish", "HUM-HIS", "7", "3.58", "C1"),
]  # fmt: skip
# A third reviewer, so that the office has someone to replace a conflicted one with.
REVIEWER = ("salma.khoury@meridian.example", "Dr. Salma Khoury", "AGR-SUS")
# Applications: (e-mail, program indexes in rank order, motivation)
APPLICATIONS = [
    ("student@meridian.example", [0, 1], "I want to apply deep learning to materials data."),
    ("student2@meridian.example", [1, 0], "My thesis is on thin films; Cambridge is the place."),
    ("student3@meridian.example", [3], "Persian literature is the heart of my research."),
    ("amira.haddad@meridian.example", [0, 2, 1], "I build models of crop yield from satellites."),
    ("yousef.khalil@meridian.example", [0], "I lead our robotics club's vision team."),
    ("rania.saadeh@meridian.example", [1, 0], "I have two years of clean-room experience."),
    ("tariq.mansour@meridian.example", [1, 2], "Solar materials brought me to nanotechnology."),
    ("dina.qasem@meridian.example", [0, 1], "Machine learning for medical imaging."),
    ("hamza.odeh@meridian.example", [2], "My family farms in the Jordan Valley."),
    ("leen.barakat@meridian.example", [2, 0], "Water scarcity is my generation's problem."),
    ("kareem.azar@meridian.example", [3, 2], "I study the Silk Road and want to read sources."),
    ("noor.jaber@meridian.example", [0, 1, 2], "I won the national AI olympiad last spring."),
    ("faris.hamdan@meridian.example", [1], "I want to see how research labs work abroad."),
    ("maya.darwish@meridian.example", [3, 0], "Philosophy in Persian, in the original."),
]  # fmt: skip
# (name, description, weight, min, max)
RUBRIC = [
    ("Academic record", "Grades and courses relevant to the destinations.", 3, 0, 10),
    ("Motivation and fit", "A clear plan that the chosen schools serve.", 2, 0, 10),
    ("Language and readiness", "Can follow courses in the language of instruction.", 1, 1, 5),
]
# Reviews already in: (application index, reviewer, scores, recommendation, submitted)
REVIEWS = [
    (0, "faculty2@meridian.example", (8, 9, 4), "strongly_support", True),
    (3, "faculty2@meridian.example", (9, 8, 5), "strongly_support", True),
    (4, "faculty@meridian.example", (6, 7, 4), "support", True),
    (5, "faculty@meridian.example", (8, 6, 5), "support", True),
    (7, "faculty2@meridian.example", (7, 5, 3), "neutral", True),
    (8, "faculty@meridian.example", (5, 8, 3), "support", False),
]
# faculty2@ declared a conflict on this application and is waiting to be replaced.
CONFLICT = (9, "faculty2@meridian.example", "Leen Barakat is my niece.")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _students(units: dict[str, OrgUnit], year: int) -> int:
    added, password_hash = 0, None
    for n, (email, name, unit, level, gpa, english) in enumerate(STUDENTS, start=1):
        if _by_email(email) is not None:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(email=email, full_name=name, password_hash=password_hash, is_active=True,
                    session_version=1, org_unit=units[unit], study_level=StudyLevel(level),
                    student_number=f"MU{year - 1}-{5000 + n:04d}", gpa=Decimal(gpa))  # fmt: skip
        user.role_rows = [UserRole(role=Role.STUDENT)]
        db.session.add(user)
        db.session.flush()
        db.session.add(StudentLanguage(user_id=user.id, language="en", level=english))
        added += 1
    email, name, unit = REVIEWER
    if _by_email(email) is None:
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(email=email, full_name=name, password_hash=password_hash, is_active=True,
                    session_version=1, org_unit=units[unit])  # fmt: skip
        user.role_rows = [UserRole(role=Role.FACULTY)]
        db.session.add(user)
        added += 1
    return added


def _programs(call: Call, year: int, today: date) -> list[Program]:
    programs = []
    for agreement, title, wanted, cefr, description in PROGRAMS:
        found = db.session.scalar(select(Program).where(Program.title == title))
        if found is None:
            partnership = db.session.scalar(
                select(Partnership).where(Partnership.title == agreement)
            )
            if partnership is None or not partnership.first_year <= year <= partnership.last_year:
                continue
            places = outgoing_places(partnership.id, MobilityType.SMS) or 0
            seats = min(wanted, places - seats_offered(partnership.id, MobilityType.SMS, year))
            if seats < 1:
                continue
            found = Program(
                partnership=partnership, title=title, description=description,
                mobility_type=MobilityType.SMS, academic_year=year, term=Term.SUMMER,
                seats=seats, opens_on=today - timedelta(days=60),
                closes_on=today - timedelta(days=10), language="en", cefr_level=cefr,
                state=ProgramState.PUBLISHED, call_id=call.id,
            )  # fmt: skip
            found.eqf_levels = ["6", "7"]
            found.required_documents = [DocumentType.TRANSCRIPT, DocumentType.MOTIVATION]
            db.session.add(found)
            db.session.flush()
        programs.append(found)
    return programs


def _application(student: User, call: Call, programs, ranks, motivation, when) -> Application:
    english = (
        db.session.scalar(
            select(StudentLanguage.level).where(
                StudentLanguage.user_id == student.id, StudentLanguage.language == "en"
            )
        )
        or "B2"
    )
    application = Application(
        student_id=student.id, call_id=call.id, state=ApplicationState.UNDER_REVIEW,
        motivation=motivation, language="en", language_level=english,
        has_language_certificate=english in ("C1", "C2"), gpa_at_submission=student.gpa,
        submitted_at=when,
    )  # fmt: skip
    for rank, index in enumerate([i for i in ranks if i < len(programs)], start=1):
        application.choices.append(ApplicationChoice(program_id=programs[index].id, rank=rank))
    application.documents.append(ApplicationDocument(
        doc_type=DocumentType.TRANSCRIPT, filename=f"transcript-{student.student_number}.pdf",
        content=PDF, size=len(PDF), sha256=hashlib.sha256(PDF).hexdigest(),
        content_type=ContentType.PDF, status=DocumentStatus.CURRENT, uploaded_by_id=student.id,
    ))  # fmt: skip
    db.session.add(application)
    db.session.flush()
    return application


def load_selection_demo(units: dict[str, OrgUnit], year: int, today: date) -> dict[str, int]:
    """Add the summer selection round if it is not there yet; returns what it added."""
    added = {"people": _students(units, year), "applications": 0, "reviews": 0}
    title = CALL_TITLE.format(year=year)
    if db.session.scalar(select(Call.id).where(Call.title == title)) is not None:
        return added
    reviewers = {e: _by_email(e) for e in ("faculty@meridian.example", "faculty2@meridian.example")}
    if None in reviewers.values():
        return added
    call = Call(
        title=title, academic_year=year, max_choices=3, allow_reopen=False,
        description="Short research and language schools abroad this summer.",
        reviews_open_on=today - timedelta(days=3), reviews_close_on=today + timedelta(days=4),
        results_release_on=today + timedelta(days=14),
    )  # fmt: skip
    db.session.add(call)
    db.session.flush()
    programs = _programs(call, year, today)
    if not programs:
        return added
    criteria = [RubricCriterion(call_id=call.id, name=n, description=d, weight=w, min_score=lo,
                                max_score=hi, position=i)
                for i, (n, d, w, lo, hi) in enumerate(RUBRIC, start=1)]  # fmt: skip
    db.session.add_all(criteria)
    db.session.add(ReviewOpening(call_id=call.id, opened_at=utcnow() - timedelta(days=3)))
    applications = []
    for n, (email, ranks, motivation) in enumerate(APPLICATIONS):
        student = _by_email(email)
        if student is None:
            continue
        when = utcnow() - timedelta(days=12 + n % 5)
        applications.append(_application(student, call, programs, ranks, motivation, when))
    added["applications"] = len(applications)
    added["reviews"] = _assign(applications, reviewers, criteria)
    return added


def _assign(applications, reviewers, criteria) -> int:
    """faculty@ reviews all but two applications, faculty2@ every other one; a few are in."""
    first, second = reviewers["faculty@meridian.example"], reviewers["faculty2@meridian.example"]
    assignments = {}
    for n, application in enumerate(applications):
        people = ([first] if n not in (0, 3) else []) + ([second] if n % 2 == 1 or n in (0, 7)
                                                         else [])  # fmt: skip
        for person in people or [first]:
            assignment = ReviewAssignment(application_id=application.id, reviewer_id=person.id)
            assignment.review = Review()
            db.session.add(assignment)
            assignments[(n, person.email)] = assignment
    index, email, reason = CONFLICT
    conflicted = assignments.get((index, email))
    if conflicted is not None:
        conflicted.status = AssignmentStatus.CONFLICTED
        conflicted.conflict_reason = reason
        conflicted.conflict_declared_at = utcnow() - timedelta(days=1)
    written = 0
    for index, email, scores, recommendation, submitted in REVIEWS:
        assignment = assignments.get((index, email))
        if assignment is None:
            continue
        review = assignment.review
        pairs = zip(criteria, scores, strict=True)
        review.scores = [ReviewScore(criterion=c, score=s) for c, s in pairs]
        review.recommendation = recommendation
        review.saved_at = utcnow() - timedelta(days=1)
        if submitted:
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = review.saved_at
        written += 1
    db.session.flush()
    return written
