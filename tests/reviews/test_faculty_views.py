"""Faculty screens: my reviews, the review page, saving, submitting, conflicts, downloads."""

from sqlalchemy import select

from exchange.audit import AuditEvent
from exchange.db import utcnow
from exchange.extensions import db
from exchange.reviews.models import Review, ReviewAssignment
from exchange.reviews.states import AssignmentStatus, ReviewStatus
from tests import factories as f
from tests.queries import count_statements
from tests.reviews import factories as rf


def _setup(phase="open"):
    call = rf.review_call(phase=phase, title="Summer schools")
    grades = rf.criterion(call, name="Academic record", min_score=0, max_score=10, weight=2)
    motivation = rf.criterion(call, name="Motivation", min_score=1, max_score=5)
    application = rf.submitted_application(
        call, student=f.student(full_name="Amira Haddad"), motivation="I love optics."
    )
    reviewer = f.faculty(full_name="Dr Reviewer")
    assignment = rf.assignment(application, reviewer)
    return call, (grades, motivation), application, reviewer, assignment


def _post(client, assignment, crits, *, version=1, scores=(7, 4), button="submit_review",
          recommendation="support", comment="Solid."):  # fmt: skip
    data = {"version": version, "recommendation": recommendation, "comment": comment,
            button: "1"}  # fmt: skip
    for crit, value in zip(crits, scores, strict=True):
        data[f"score_{crit.id}"] = value
    return client.post(f"/faculty/reviews/{assignment.id}", data=data)


def test_review_list_shows_my_assignments_with_deadline(login_as):
    call, _crits, application, reviewer, assignment = _setup()
    rf.assignment(rf.submitted_application(call, student=f.student(full_name="Not Mine")))

    page = login_as(reviewer).get("/faculty/reviews").get_data(as_text=True)

    assert "Amira Haddad" in page
    assert "Not Mine" not in page
    assert call.reviews_close_on.isoformat() in page
    assert "Not started" in page


def test_review_list_runs_constant_queries(login_as):
    reviewer = f.faculty()
    client = login_as(reviewer)
    counts = []
    for n in (3, 27):
        for _ in range(n):
            call = rf.review_call()
            rf.assignment(rf.submitted_application(call), reviewer)
        with count_statements() as statements:
            assert client.get("/faculty/reviews").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_review_page_shows_application_and_rubric(login_as):
    _call, crits, application, reviewer, assignment = _setup()
    f.document(application=application, filename="grades.pdf")

    page = login_as(reviewer).get(f"/faculty/reviews/{assignment.id}").get_data(as_text=True)

    assert "I love optics." in page
    assert "Academic record" in page and "Motivation" in page
    assert "grades.pdf" in page
    assert 'name="version"' in page and 'value="1"' in page


def test_reviewer_downloads_the_applications_document(login_as):
    _call, _crits, application, reviewer, assignment = _setup()
    document = f.document(application=application)

    response = login_as(reviewer).get(f"/faculty/reviews/{assignment.id}/documents/{document.id}")

    assert response.status_code == 200
    assert response.data == f.PDF_BYTES


def test_conflicted_reviewer_cannot_download_any_more(login_as):
    _call, _crits, application, reviewer, assignment = _setup()
    document = f.document(application=application)
    assignment.status = AssignmentStatus.CONFLICTED
    assignment.conflict_reason, assignment.conflict_declared_at = "Cousin", utcnow()
    db.session.commit()

    response = login_as(reviewer).get(f"/faculty/reviews/{assignment.id}/documents/{document.id}")

    assert response.status_code == 404


def test_submit_review_saves_scores_and_audits(login_as):
    _call, crits, _application, reviewer, assignment = _setup()

    response = _post(login_as(reviewer), assignment, crits)

    assert response.status_code == 302
    review = db.session.scalar(select(Review).where(Review.assignment_id == assignment.id))
    assert review.status == ReviewStatus.SUBMITTED
    assert {s.criterion_id: s.score for s in review.scores} == {crits[0].id: 7, crits[1].id: 4}
    assert review.recommendation == "support" and review.comment == "Solid."
    assert review.version == 2
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "reviews")).all()  # fmt: skip
    assert actions == ["review.submit"]


def test_draft_may_be_incomplete(login_as):
    _call, crits, _application, reviewer, assignment = _setup()
    client = login_as(reviewer)

    response = _post(client, assignment, crits, scores=(5, ""), button="save", recommendation="")

    assert response.status_code == 302
    review = db.session.get(Review, assignment.review.id)
    assert review.status == ReviewStatus.DRAFT
    assert [s.score for s in review.scores] == [5]


def test_score_out_of_range_is_refused_beside_the_field(login_as):
    _call, crits, _application, reviewer, assignment = _setup()

    response = _post(login_as(reviewer), assignment, crits, scores=(11, 4))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="score_{crits[0].id}-error"' in page
    assert "Enter a whole number from 0 to 10." in page
    assert db.session.get(Review, assignment.review.id).scores == []


def test_submission_needs_every_score_and_a_recommendation(login_as):
    _call, crits, _application, reviewer, assignment = _setup()
    client = login_as(reviewer)

    missing_score = _post(client, assignment, crits, scores=(7, ""))
    missing_recommendation = _post(client, assignment, crits, recommendation="")

    assert missing_score.status_code == missing_recommendation.status_code == 422
    assert "Score “Motivation” before submitting." in missing_score.get_data(as_text=True)
    assert "Choose a recommendation before submitting." in missing_recommendation.get_data(
        as_text=True
    )
    assert db.session.get(Review, assignment.review.id).status == ReviewStatus.DRAFT


def test_not_a_number_is_refused(login_as):
    _call, crits, _application, reviewer, assignment = _setup()

    response = _post(login_as(reviewer), assignment, crits, scores=("seven", 4))

    assert response.status_code == 422
    assert db.session.get(Review, assignment.review.id).saved_at is None


def test_saving_outside_the_open_phase_is_forbidden(login_as):
    for phase in ("scheduled", "closed"):
        _call, crits, _application, reviewer, assignment = _setup(phase)
        client = login_as(reviewer)
        page = client.get(f"/faculty/reviews/{assignment.id}").get_data(as_text=True)
        assert "Submit review" not in page
        assert _post(client, assignment, crits).status_code == 403


def test_someone_elses_assignment_is_hidden(login_as):
    _call, crits, _application, _reviewer, assignment = _setup()
    intruder = login_as(f.faculty())

    assert intruder.get(f"/faculty/reviews/{assignment.id}").status_code == 404
    assert _post(intruder, assignment, crits).status_code == 404


def test_declare_conflict_notifies_coordinators_and_ends_access(login_as, mailbox):
    _call, _crits, application, reviewer, assignment = _setup()
    office = f.coordinator(email="office@example.edu")

    response = login_as(reviewer).post(
        f"/faculty/reviews/{assignment.id}/conflict", data={"reason": "I supervise her thesis."}
    )

    assert response.status_code == 302
    stored = db.session.get(ReviewAssignment, assignment.id)
    assert stored.status == AssignmentStatus.CONFLICTED
    assert stored.conflict_reason == "I supervise her thesis."
    assert stored.review is not None  # kept for the record
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.conflict"))
    [mail] = mailbox.to(office.email)
    assert "Replace a reviewer" in mail["Subject"]
    assert "I supervise her thesis." in mail.get_content()


def test_conflict_needs_a_reason(login_as):
    _call, _crits, _application, reviewer, assignment = _setup()

    response = login_as(reviewer).post(f"/faculty/reviews/{assignment.id}/conflict",
                                       data={"reason": "  "})  # fmt: skip

    assert response.status_code == 422
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert db.session.get(ReviewAssignment, assignment.id).status == AssignmentStatus.ACTIVE


def test_other_reviews_show_only_after_close(login_as):
    for phase, visible in (("open", False), ("closed", True)):
        call, crits, application, reviewer, assignment = _setup(phase)
        colleague = rf.assignment(application, f.faculty(full_name="Prof Colleague"))
        rf.review(colleague, {crits[0]: 3, crits[1]: 2}, comment="Colleague private view")

        page = login_as(reviewer).get(f"/faculty/reviews/{assignment.id}").get_data(as_text=True)

        assert ("Colleague private view" in page) is visible
        assert ("Prof Colleague" in page) is visible
