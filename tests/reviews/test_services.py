"""Services: assignment rules, bulk by unit, conflicts and replacement, phases, the rubric."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.accounts.roles import Role
from exchange.applications.states import ApplicationState
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.reviews import rubric, services
from exchange.reviews.errors import ReviewError
from exchange.reviews.models import ReviewAssignment, RubricCriterion
from exchange.reviews.phase import review_phase
from exchange.reviews.states import AssignmentStatus
from tests import factories as f
from tests.reviews import factories as rf

TODAY = date.today()


def test_review_phase_by_dates_and_opening():
    call = f.call()
    assert review_phase(call, TODAY) == "not_planned"
    call.reviews_open_on, call.reviews_close_on = TODAY + timedelta(1), TODAY + timedelta(5)
    assert review_phase(call, TODAY) == "scheduled"
    assert review_phase(call, TODAY + timedelta(2)) == "scheduled"  # not opened yet
    assert review_phase(call, TODAY + timedelta(6)) == "closed"
    opened = rf.review_call(phase="open")
    assert review_phase(opened, TODAY) == "open"
    assert review_phase(opened, opened.reviews_close_on) == "open"
    assert review_phase(opened, opened.reviews_close_on + timedelta(1)) == "closed"
    assert review_phase(opened, opened.reviews_open_on - timedelta(1)) == "scheduled"


def test_assign_creates_draft_review_notifies_and_audits():
    call = rf.review_call()
    application = rf.submitted_application(call)
    reviewer, office = f.faculty(), f.coordinator()

    assignment = services.assign_reviewer(application, reviewer, actor=office)
    db.session.commit()

    assert assignment.review.version == 1 and assignment.review.saved_at is None
    notice = db.session.scalar(select(Notice).where(Notice.recipient_id == reviewer.id))
    assert notice.kind == "review.assigned" and notice.link == f"/faculty/reviews/{assignment.id}"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.object_type == "review_assignments")) == "review.assign"  # fmt: skip


def test_assigning_twice_is_refused_and_the_database_agrees():
    call = rf.review_call()
    application = rf.submitted_application(call)
    reviewer, office = f.faculty(full_name="Dr Twice"), f.coordinator()
    services.assign_reviewer(application, reviewer, actor=office)

    with pytest.raises(ReviewError, match="Dr Twice already reviews"):
        services.assign_reviewer(application, reviewer, actor=office)
    db.session.add(ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()


@pytest.mark.parametrize("who", ["student", "inactive", "applicant"])
def test_only_active_faculty_other_than_the_applicant_review(who):
    call = rf.review_call()
    applicant = f.user(Role.STUDENT, Role.FACULTY)
    application = rf.submitted_application(call, student=applicant)
    person = {"student": f.student(), "inactive": f.faculty(is_active=False),
              "applicant": applicant}[who]  # fmt: skip
    with pytest.raises(ReviewError) as error:
        services.assign_reviewer(application, person, actor=f.coordinator())
    assert error.value.field == "reviewer_id"


def test_drafts_and_closed_phases_take_no_reviewer():
    draft = f.application(call=rf.review_call())
    with pytest.raises(ReviewError, match="only submitted applications"):
        services.assign_reviewer(draft, f.faculty(), actor=f.coordinator())
    closed = rf.submitted_application(rf.review_call(phase="closed"))
    with pytest.raises(ReviewError, match="closed"):
        services.assign_reviewer(closed, f.faculty(), actor=f.coordinator())


def test_assigning_during_the_open_phase_moves_a_submitted_application():
    application = rf.submitted_application(rf.review_call(), state="submitted")

    services.assign_reviewer(application, f.faculty(), actor=f.coordinator())

    assert application.state == ApplicationState.UNDER_REVIEW


def test_bulk_by_unit_spreads_evenly_and_skips_other_units():
    call = rf.review_call(phase="ready")
    physics, history = f.org_unit(name="Physics"), f.org_unit(name="History")
    apps = [rf.submitted_application(call, state="submitted", student=f.student(org_unit=physics))
            for _ in range(6)]  # fmt: skip
    other = rf.submitted_application(call, state="submitted", student=f.student(org_unit=history))
    a, b, c = f.faculty(), f.faculty(), f.faculty()

    made, short = services.assign_by_unit(call, physics, [a, b, c], 2, actor=f.coordinator())

    assert (made, short) == (12, 0)
    rows = db.session.scalars(select(ReviewAssignment)).all()
    assert {r.application_id for r in rows} == {x.id for x in apps}
    loads = [sum(r.reviewer_id == p.id for r in rows) for p in (a, b, c)]
    assert loads == [4, 4, 4]
    assert all(sum(r.application_id == x.id for r in rows) == 2 for x in apps)
    assert other.id not in {r.application_id for r in rows}


def test_bulk_tops_up_and_reports_applications_left_short():
    call = rf.review_call(phase="ready")
    unit = f.org_unit()
    student = f.student(org_unit=unit)
    application = rf.submitted_application(call, state="submitted", student=student)
    a, b = f.faculty(), f.faculty()
    rf.assignment(application, a)

    made, short = services.assign_by_unit(call, unit, [a, b], 2, actor=f.coordinator())
    assert (made, short) == (1, 0)
    with pytest.raises(ReviewError) as error:
        services.assign_by_unit(call, unit, [a], 2, actor=f.coordinator())
    assert error.value.field == "per_application"


def test_conflict_is_kept_notified_and_replacement_links_it(mailbox):
    call = rf.review_call()
    application = rf.submitted_application(call)
    office = f.coordinator()
    assignment = rf.assignment(application, f.faculty())

    services.declare_conflict(assignment, "My niece", actor=assignment.reviewer)
    db.session.commit()
    assert assignment.status == AssignmentStatus.CONFLICTED and assignment.needs_replacement
    assert db.session.scalar(select(Notice.kind).where(Notice.recipient_id == office.id)) == (
        "review.conflict"
    )

    new = services.replace_reviewer(assignment, f.faculty(), actor=office)
    assert assignment.replacement_id == new.id and not assignment.needs_replacement
    with pytest.raises(ReviewError, match="already been replaced"):
        services.replace_reviewer(assignment, f.faculty(), actor=office)


def test_conflicted_reviewer_cannot_be_assigned_again():
    application = rf.submitted_application(rf.review_call())
    person = f.faculty(full_name="Dr Cousin")
    rf.conflicted(application, person)
    with pytest.raises(ReviewError, match="declared a conflict"):
        services.assign_reviewer(application, person, actor=f.coordinator())


def test_open_reviews_needs_a_rubric_then_moves_submitted_applications():
    call = rf.review_call(phase="ready")
    submitted = rf.submitted_application(call, state="submitted")
    withdrawn = f.application(call=call, state="withdrawn")
    office = f.coordinator()
    with pytest.raises(ReviewError, match="rubric criterion"):
        services.open_reviews(call, actor=office)
    rf.criterion(call)

    moved = services.open_reviews(call, actor=office)
    db.session.commit()

    assert moved == 1
    assert submitted.state == ApplicationState.UNDER_REVIEW
    assert withdrawn.state == ApplicationState.WITHDRAWN
    assert review_phase(call) == "open"
    # No notice to the student about reviews.
    assert (
        db.session.scalar(select(Notice).where(Notice.recipient_id == submitted.student_id)) is None
    )
    with pytest.raises(ReviewError, match="already open"):
        services.open_reviews(call, actor=office)


def test_open_reviews_refused_before_the_day():
    call = rf.review_call(phase="scheduled")
    rf.criterion(call)
    with pytest.raises(ReviewError, match="can be opened from"):
        services.open_reviews(call, actor=f.coordinator())


def test_rubric_ranges_and_lock():
    call = rf.review_call()
    office = f.coordinator()
    for fields, field in (
        (dict(name="", weight=1, min_score=0, max_score=5), "name"),
        (dict(name="A", weight=0, min_score=0, max_score=5), "weight"),
        (dict(name="A", weight=1, min_score=5, max_score=5), "max_score"),
        (dict(name="A", weight=1, min_score=0, max_score=5000), "max_score"),
    ):
        with pytest.raises(ReviewError) as error:
            rubric.add_criterion(call, actor=office, **fields)
        assert error.value.field == field
    grades = rubric.add_criterion(call, actor=office, name="Grades", weight=2, min_score=0,
                                  max_score=10)  # fmt: skip
    with pytest.raises(ReviewError, match="already has a criterion"):
        rubric.add_criterion(call, actor=office, name="grades", weight=1, min_score=0, max_score=1)
    spare = rf.criterion(call, name="Spare")
    rf.review(rf.assignment(rf.submitted_application(call)), {grades: 5})

    with pytest.raises(ReviewError, match="no longer be changed"):
        rubric.update_criterion(grades, actor=office, name="Grades", weight=3, min_score=0,
                                max_score=10)  # fmt: skip
    with pytest.raises(ReviewError, match="no longer be removed"):
        rubric.remove_criterion(grades, actor=office)
    with pytest.raises(ReviewError, match="already scored"):
        rubric.add_criterion(call, actor=office, name="Late", weight=1, min_score=0, max_score=1)
    rubric.remove_criterion(spare, actor=office)
    assert [c.name for c in rubric.criteria_of(call.id)] == ["Grades"]


def test_database_keeps_criterion_ranges():
    call = rf.review_call()
    db.session.add(RubricCriterion(call_id=call.id, name="Bad", weight=1, min_score=3,
                                   max_score=3, position=1))  # fmt: skip
    with pytest.raises(Exception, match="(?i)check"):
        db.session.flush()
