"""Two concurrent edits of ONE review (the same reviewer's two tabs, the case the design
allows: only the assigned reviewer writes a review): neither edit is lost silently."""

import threading

import pytest

from exchange.extensions import db
from exchange.reviews.errors import ReviewConflict
from exchange.reviews.models import Review
from exchange.reviews.reviewing import save_review
from tests import factories as f
from tests.reviews import factories as rf


def _world():
    call = rf.review_call()
    crit = rf.criterion(call, name="Academic record")
    application = rf.submitted_application(call)
    reviewer = f.faculty()
    return crit, reviewer, rf.assignment(application, reviewer)


def _data(crit, version, score, comment):
    return {"version": version, f"score_{crit.id}": score, "recommendation": "support",
            "comment": comment, "save": "1"}  # fmt: skip


def test_stale_tab_gets_409_with_the_other_values_and_overwrites_nothing(login_as):
    crit, reviewer, assignment = _world()
    client = login_as(reviewer)
    url = f"/faculty/reviews/{assignment.id}"
    # Both tabs loaded version 1; tab B saves first.
    assert client.post(url, data=_data(crit, 1, 8, "Tab B: strong grades")).status_code == 302

    response = client.post(url, data=_data(crit, 1, 2, "Tab A: weak motivation"))

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed elsewhere" in page
    assert "Tab B: strong grades" in page  # the stored values are shown
    assert "Tab A: weak motivation" in page  # and what this tab typed is kept in the form
    assert 'name="version" type="hidden" value="2"' in page
    review = db.session.get(Review, assignment.review.id)
    assert (review.comment, review.score_for(crit.id), review.version) == (
        "Tab B: strong grades", 8, 2,
    )  # fmt: skip


def test_saving_again_from_the_conflict_page_is_deliberate_and_wins(login_as):
    crit, reviewer, assignment = _world()
    client = login_as(reviewer)
    url = f"/faculty/reviews/{assignment.id}"
    client.post(url, data=_data(crit, 1, 8, "Tab B"))
    assert client.post(url, data=_data(crit, 1, 2, "Tab A")).status_code == 409

    assert client.post(url, data=_data(crit, 2, 2, "Tab A, having read B")).status_code == 302

    assert db.session.get(Review, assignment.review.id).comment == "Tab A, having read B"


def test_missing_version_is_a_conflict_not_an_overwrite(login_as):
    crit, reviewer, assignment = _world()
    data = _data(crit, 1, 5, "no version") | {"version": ""}

    response = login_as(reviewer).post(f"/faculty/reviews/{assignment.id}", data=data)

    assert response.status_code == 409
    assert db.session.get(Review, assignment.review.id).saved_at is None


def test_racing_saves_past_the_version_check_one_wins_one_is_refused(app):
    """Both edits pass the in-Python check (both loaded version 1) and race in the database:
    the version_id_col UPDATE lets exactly one through."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises writers with a database lock; the race needs PostgreSQL")
    crit, reviewer, assignment = _world()
    review_id, reviewer_id = assignment.review.id, reviewer.id
    barrier = threading.Barrier(2)
    outcomes = {}

    def edit(comment, score):
        with app.app_context():
            review = db.session.get(Review, review_id)
            actor = db.session.get(type(reviewer), reviewer_id)
            _ = review.assignment.application.call.review_opening, review.scores
            barrier.wait()
            try:
                save_review(review, actor=actor, expected_version=1, scores={crit.id: score},
                            recommendation="support", comment=comment, submit=False)  # fmt: skip
                db.session.commit()
                outcomes[comment] = "saved"
            except ReviewConflict:
                db.session.rollback()
                outcomes[comment] = "conflict"
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                db.session.rollback()
                outcomes[comment] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=edit, args=(c, s)) for c, s in (("one", 3), ("two", 9))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(c for c, o in outcomes.items() if o == "saved")
    db.session.expire_all()
    review = db.session.get(Review, review_id)
    assert (review.comment, review.version) == (winner, 2)
    assert review.score_for(crit.id) == {"one": 3, "two": 9}[winner]
