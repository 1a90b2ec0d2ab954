"""The demo's selection round: under review, with a rubric, reviewers and some reviews in."""

from sqlalchemy import func, select

from exchange.accounts.models import User
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.reviews.models import ReviewAssignment
from exchange.reviews.phase import review_phase
from exchange.reviews.queries import review_scores, reviewer_progress
from exchange.reviews.rubric import criteria_of


def _load(app):
    result = app.test_cli_runner().invoke(args=["exchange", "demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Call).where(Call.title.like("Summer research schools%")))


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_demo_round_is_under_review_with_reviews_in(app):
    call = _load(app)

    assert review_phase(call) == "open"
    assert len(call.programs) >= 3
    assert [c.name for c in criteria_of(call.id)] == [
        "Academic record", "Motivation and fit", "Language and readiness",
    ]  # fmt: skip
    states = db.session.scalars(select(Application.state).where(Application.call_id == call.id))
    assert list(states) == [ApplicationState.UNDER_REVIEW] * 14
    summaries = review_scores(call.id)
    assert sum(s.submitted for s in summaries.values()) == 5
    assert all(s.assigned >= 1 for s in summaries.values())
    progress = {p.reviewer.email: p for p in reviewer_progress(call.id)}
    assert progress["faculty@meridian.example"].assigned == 12
    assert progress["faculty2@meridian.example"].conflicted == 1
    for email in ("student@meridian.example", "student2@meridian.example",
                  "student3@meridian.example", "amira.haddad@meridian.example"):  # fmt: skip
        assert db.session.scalar(select(Application.id).where(
            Application.call_id == call.id, Application.student_id == _user(email).id))  # fmt: skip


def test_demo_round_loads_once(app):
    _load(app)
    counts = [db.session.scalar(select(func.count()).select_from(m))
              for m in (Call, Application, ReviewAssignment, User)]  # fmt: skip

    second = app.test_cli_runner().invoke(args=["exchange", "demo"])

    assert "nothing to add" in second.output
    assert [db.session.scalar(select(func.count()).select_from(m))
            for m in (Call, Application, ReviewAssignment, User)] == counts  # fmt: skip


def test_demo_reviewer_and_coordinator_pages_work(app, login_as):
    call = _load(app)
    faculty = login_as(_user("faculty@meridian.example"))
    page = faculty.get("/faculty/reviews").get_data(as_text=True)
    assert "Summer research schools" in page and "Yousef Khalil" in page
    assignment = db.session.scalar(select(ReviewAssignment).where(
        ReviewAssignment.reviewer_id == _user("faculty@meridian.example").id))  # fmt: skip
    assert faculty.get(f"/faculty/reviews/{assignment.id}").status_code == 200

    office = login_as(_user("coordinator@meridian.example"))
    for url in (f"/coordinator/calls/{call.id}/reviews",
                f"/coordinator/calls/{call.id}/reviews/assignments",
                f"/coordinator/calls/{call.id}/rubric"):  # fmt: skip
        assert office.get(url).status_code == 200, url
    assert "Leen Barakat is my niece." in office.get(
        f"/coordinator/calls/{call.id}/reviews/assignments"
    ).get_data(as_text=True)
