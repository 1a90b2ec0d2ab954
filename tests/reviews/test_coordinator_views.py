"""Coordinator screens: assign by hand and in bulk, replace, the rubric, opening reviews."""

from sqlalchemy import func, select

from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.reviews.models import ReviewAssignment, ReviewOpening, RubricCriterion
from tests import factories as f
from tests.queries import count_statements
from tests.reviews import factories as rf


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_assign_by_hand(login_as, mailbox):
    call = rf.review_call()
    application = rf.submitted_application(call)
    reviewer = f.faculty(full_name="Dr Hand", email="hand@example.edu")

    response = login_as(f.coordinator()).post(
        f"/coordinator/calls/{call.id}/reviews/applications/{application.id}/assign",
        data={"reviewer_id": reviewer.id},
    )

    assert response.status_code == 302
    assert db.session.scalar(select(ReviewAssignment.reviewer_id)) == reviewer.id
    [mail] = mailbox.to("hand@example.edu")
    assert "Review requested" in mail["Subject"]


def test_assign_errors_show_beside_the_row_and_save_nothing(login_as):
    call = rf.review_call()
    application = rf.submitted_application(call)
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{call.id}/reviews/applications/{application.id}/assign"

    for data, message in (({"reviewer_id": ""}, "Choose a reviewer"),
                          ({"reviewer_id": f.student().id}, "active faculty member"),
                          ({"reviewer_id": "abc"}, "Choose a reviewer")):  # fmt: skip
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f'id="reviewer-{application.id}-error"' in page and message in page
    assert _count(ReviewAssignment) == 0


def test_bulk_assign_and_its_errors(login_as):
    call = rf.review_call()
    unit = f.org_unit(name="Department of Physics")
    for _ in range(4):
        rf.submitted_application(call, student=f.student(org_unit=unit))
    a, b = f.faculty(), f.faculty()
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{call.id}/reviews/assign-by-unit"

    bad = client.post(url, data={"org_unit_id": unit.id, "reviewer_ids": [a.id],
                                 "per_application": 2})  # fmt: skip
    assert bad.status_code == 422 and 'id="per_application-error"' in bad.get_data(as_text=True)
    empty = client.post(url, data={"org_unit_id": unit.id, "per_application": 1})
    assert empty.status_code == 422 and 'id="reviewer_ids-error"' in empty.get_data(as_text=True)
    assert _count(ReviewAssignment) == 0

    good = client.post(url, data={"org_unit_id": unit.id, "reviewer_ids": [a.id, b.id],
                                  "per_application": 1})  # fmt: skip
    assert good.status_code == 302
    loads = db.session.execute(select(ReviewAssignment.reviewer_id, func.count())
                               .group_by(ReviewAssignment.reviewer_id)).all()  # fmt: skip
    assert sorted(n for _r, n in loads) == [2, 2]


def test_replace_shows_on_the_page_and_works(login_as):
    call = rf.review_call()
    application = rf.submitted_application(call)
    conflicted = rf.conflicted(application, f.faculty(), reason="Same village")
    client = login_as(f.coordinator())
    page = client.get(f"/coordinator/calls/{call.id}/reviews/assignments").get_data(as_text=True)
    assert "Reviewers to replace" in page and "Same village" in page

    response = client.post(f"/coordinator/review-assignments/{conflicted.id}/replace",
                           data={"reviewer_id": f.faculty().id})  # fmt: skip

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ReviewAssignment, conflicted.id).replacement_id is not None


def test_rubric_add_edit_remove(login_as):
    call = rf.review_call(phase="ready")
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{call.id}/rubric"

    bad = client.post(url, data={"name": "Grades", "weight": 1, "min_score": 5, "max_score": 2})
    assert bad.status_code == 422
    assert 'id="max_score-error"' in bad.get_data(as_text=True)
    assert _count(RubricCriterion) == 0
    assert client.post(url, data={"name": "Grades", "weight": 2, "min_score": 0,
                                  "max_score": 10}).status_code == 302  # fmt: skip
    criterion = db.session.scalar(select(RubricCriterion))
    edit = client.post(
        f"/coordinator/rubric-criteria/{criterion.id}/edit",
        data={"name": "Grades", "weight": 3, "min_score": 0, "max_score": 20},
    )
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(RubricCriterion, criterion.id).max_score == 20
    assert client.post(f"/coordinator/rubric-criteria/{criterion.id}/remove").status_code == 302
    assert _count(RubricCriterion) == 0


def test_open_reviews_without_rubric_says_why(login_as):
    call = rf.review_call(phase="ready")
    application = rf.submitted_application(call, state="submitted")
    client = login_as(f.coordinator())

    page = client.post(f"/coordinator/calls/{call.id}/reviews/open", follow_redirects=True)

    assert "Add at least one rubric criterion" in page.get_data(as_text=True)
    assert _count(ReviewOpening) == 0
    rf.criterion(call)
    assert client.post(f"/coordinator/calls/{call.id}/reviews/open").status_code == 302
    db.session.expire_all()
    assert db.session.get(type(application), application.id).state == ApplicationState.UNDER_REVIEW


def test_application_reviews_show_everything_to_the_coordinator(login_as):
    call = rf.review_call()
    crit = rf.criterion(call)
    application = rf.submitted_application(call)
    rf.review(rf.assignment(application, f.faculty(full_name="Dr Visible")), {crit: 5},
              comment="Visible comment")  # fmt: skip

    page = login_as(f.coordinator()).get(f"/coordinator/applications/{application.id}/reviews")

    text = page.get_data(as_text=True)
    assert "Dr Visible" in text and "Visible comment" in text and "50.00" in text


def _fill(call, n):
    crit = db.session.scalar(select(RubricCriterion).where(RubricCriterion.call_id == call.id))
    for _ in range(n):
        application = rf.submitted_application(call, student=f.student())
        rf.review(rf.assignment(application), {crit: 4})
        rf.conflicted(application)


def test_coordinator_review_pages_run_constant_queries(login_as):
    call = rf.review_call()
    rf.criterion(call)
    client = login_as(f.coordinator())
    urls = [f"/coordinator/calls/{call.id}/reviews",
            f"/coordinator/calls/{call.id}/reviews/assignments"]  # fmt: skip
    counts = {}
    for n in (3, 27):
        _fill(call, n)
        for url in urls:
            with count_statements() as statements:
                assert client.get(url).status_code == 200
            counts[(url, n)] = len(statements)
    for url in urls:
        assert counts[(url, 3)] == counts[(url, 27)], url
