"""Before the release day students see nothing of a decision: no page, notice, mail or
download they can reach names it. Walks every GET route of the student area and the inbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.placements.release import release_results
from exchange.transactions import commit
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, waitlisted

S = ApplicationState
DECIDED = [S.SELECTED, S.WAITLISTED, S.NOT_SELECTED]
WORDS = (
    [s.explanation for s in (S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.OFFERED)]
    + [f">{s.label}<" for s in (S.SELECTED, S.WAITLISTED, S.NOT_SELECTED, S.OFFERED)]
    + ['data-result="offer"', 'data-result="waitlist"', 'data-result="refusal"', "data-position"]
)


def _application(program, state):
    if state == S.WAITLISTED:
        return waitlisted(program, 1)
    return decided(program, state)


def _student_get_urls(app, application, program) -> list[str]:
    values = {"application_id": application.id, "program_id": program.id}
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.endpoint.startswith(("student.", "notices.")):
            continue
        if not set(rule.arguments) <= set(values):
            continue  # e.g. a document of a draft: none exists for a decided application
        urls.append(adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments}))
    return urls


@pytest.mark.parametrize("state", DECIDED)
def test_no_student_page_shows_an_unreleased_decision(app, login_as, mailbox, state):
    tomorrow = date.today() + timedelta(days=1)
    _, (program,) = call_with_programs((2,), results_release_on=tomorrow)
    application = _application(program, state)
    client = login_as(application.student)
    urls = _student_get_urls(app, application, program)
    assert f"/student/applications/{application.id}/result" in urls
    assert len(urls) >= 8
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        for word in WORDS:
            assert word not in body, (url, word)
    assert (
        db.session.scalars(
            select(Notice).where(Notice.recipient_id == application.student_id)
        ).all()
        == []
    )
    assert mailbox.to(application.student.email) == []


def test_the_result_page_says_when_results_come_before_the_release(login_as):
    tomorrow = date.today() + timedelta(days=1)
    _, (program,) = call_with_programs((2,), results_release_on=tomorrow)
    application = decided(program, S.NOT_SELECTED)
    body = login_as(application.student).get(
        f"/student/applications/{application.id}/result").get_data(as_text=True)  # fmt: skip
    assert 'data-result="not-released"' in body
    assert f"released on {tomorrow.isoformat()}" in body or "released on" in body


def test_after_the_release_the_same_pages_show_the_decision(login_as):
    call, (program,) = call_with_programs((2,))
    application = waitlisted(program, 1)
    release_results(call, actor=None)
    commit()
    body = login_as(application.student).get(
        f"/student/applications/{application.id}/result").get_data(as_text=True)  # fmt: skip
    assert 'data-result="waitlist"' in body
    assert 'data-position="1"' in body


def test_on_the_release_day_the_result_page_releases_the_call(login_as, mailbox):
    call, (program,) = call_with_programs((2,), results_release_on=date.today())
    application = decided(program, S.SELECTED)
    other = waitlisted(program, 1)
    body = login_as(application.student).get(
        f"/student/applications/{application.id}/result").get_data(as_text=True)  # fmt: skip
    assert 'data-result="offer"' in body
    db.session.expire_all()
    assert db.session.get(type(call), call.id).results_released_at is not None
    assert len(mailbox.to(other.student.email)) == 1


def test_another_students_result_is_not_found(login_as):
    _, (program,) = call_with_programs((2,), released=True)
    application = decided(program, S.OFFERED)
    client = login_as(f.student())
    assert client.get(f"/student/applications/{application.id}/result").status_code == 404
    assert client.post(f"/student/applications/{application.id}/accept").status_code == 404
    assert db.session.get(type(application), application.id).state == S.OFFERED
