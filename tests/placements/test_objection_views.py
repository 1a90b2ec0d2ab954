"""The objection screens: the student's form and the coordinator's list and answer."""

import html
from datetime import date, timedelta

from sqlalchemy import func, select

from exchange.accounts.models import CoordinatorScope
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.placements.objections.services import (
    Objection,
    ObjectionState,
    answer_objection,
    lodge_objection,
)
from tests import factories as f
from tests.placements.nomination_helpers import released_on, result
from tests.queries import count_statements

S = ApplicationState


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _open_window(state=S.NOT_SELECTED):
    _, (program,) = released_on(date.today(), objection_days=5)
    return result(program, state)


def _lodge(client, application, reason: str):
    """The student's objection form, posted with `reason`."""
    return client.post(f"/student/applications/{application.id}/objection",
                       data={"reason": reason})  # fmt: skip


def _count() -> int:
    return db.session.scalar(select(func.count(Objection.id)))


def test_student_sees_the_button_and_lodges(login_as):
    application = _open_window()
    client = login_as(application.student)
    detail = _text(client.get(f"/student/applications/{application.id}"))
    assert "Lodge an objection" in detail
    form = _text(client.get(f"/student/applications/{application.id}/objection"))
    assert "Why do you object to the result?" in form
    response = _lodge(client, application, "My certificate was missed.")
    assert response.status_code == 302
    objection = db.session.scalar(select(Objection))
    assert objection.reason == "My certificate was missed."
    page = _text(client.get(response.headers["Location"]))
    assert "Awaiting an answer" in page and "Lodge an objection" not in page


def test_empty_reason_is_shown_beside_the_field_and_nothing_saved(login_as):
    application = _open_window()
    response = _lodge(login_as(application.student), application, "  ")
    assert response.status_code == 422
    assert 'id="reason-error"' in _text(response)
    assert _count() == 0


def test_outside_the_window_no_button_and_422(login_as):
    _, (program,) = released_on(date.today() - timedelta(days=30), objection_days=5)
    application = result(program)
    client = login_as(application.student)
    assert "Lodge an objection" not in _text(client.get(f"/student/applications/{application.id}"))
    response = _lodge(client, application, "Late.")
    assert response.status_code == 422
    assert "The window for objections closed on" in _text(response)
    assert _count() == 0


def test_second_objection_is_refused(login_as):
    application = _open_window()
    lodge_objection(application, actor=application.student, reason="First.")
    db.session.commit()
    response = _lodge(login_as(application.student), application, "Second.")
    assert response.status_code == 422
    assert "only one is possible" in _text(response)
    assert _count() == 1


def test_another_students_application_is_hidden(login_as):
    application = _open_window()
    client = login_as(f.student())
    assert client.get(f"/student/applications/{application.id}/objection").status_code == 404
    assert _lodge(client, application, "Not mine.").status_code == 404
    assert _count() == 0


def test_before_release_the_result_does_not_leak(login_as):
    call = f.call(objection_days=5)
    application = result(f.program(call=call), S.NOT_SELECTED)
    page = _text(login_as(application.student).get(
        f"/student/applications/{application.id}/objection"))  # fmt: skip
    assert "Not selected" not in page
    assert "not released yet" in page


def _lodged(**kw):
    application = _open_window(**kw)
    objection = lodge_objection(application, actor=application.student, reason="Please check.")
    db.session.commit()
    return objection


def test_coordinator_list_filters_by_state(login_as):
    waiting = _lodged()
    answered = _lodged()
    answer_objection(answered, actor=f.coordinator(), upheld=False, answer="No.")
    db.session.commit()
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{waiting.application.call_id}/objections"
    page = _text(client.get(url))
    assert waiting.application.student.full_name in page
    assert answered.application.student.full_name not in page  # only those awaiting an answer
    page = _text(client.get(f"/coordinator/calls/{answered.application.call_id}/objections"
                            "?state=rejected"))  # fmt: skip
    assert answered.application.student.full_name in page


def test_coordinator_answers_once(login_as, mailbox):
    objection = _lodged()
    client = login_as(f.coordinator())
    url = f"/coordinator/objections/{objection.id}"
    assert "Answer the objection" in _text(client.get(url))
    bad = client.post(url, data={"outcome": "rejected", "answer": ""})
    assert bad.status_code == 422 and 'id="answer-error"' in _text(bad)
    assert client.post(url, data={"outcome": "rejected", "answer": "Correct."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).state == ObjectionState.REJECTED
    assert mailbox.to(objection.application.student.email)
    again = client.post(url, data={"outcome": "upheld", "answer": "Again."})
    assert again.status_code == 422
    assert "answered once" in _text(again)
    assert db.session.get(Objection, objection.id).answer == "Correct."


def test_uphold_offer_when_full_shows_the_error_beside_the_program(login_as):
    objection = _lodged(state=S.WAITLISTED)
    program = objection.application.choices[0].program
    for _ in range(program.seats):
        result(program, S.OFFERED)
    response = login_as(f.coordinator()).post(
        f"/coordinator/objections/{objection.id}",
        data={"outcome": "upheld", "answer": "Yes.", "program_id": program.id},
    )
    assert response.status_code == 422
    assert 'id="program_id-error"' in _text(response)
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).state == ObjectionState.LODGED


def test_coordinator_out_of_scope_gets_404(login_as):
    objection = _lodged()
    scoped = f.coordinator()
    scoped.scope_rows = [CoordinatorScope(org_unit_id=f.org_unit().id)]
    db.session.commit()
    client = login_as(scoped)
    assert client.get(f"/coordinator/objections/{objection.id}").status_code == 404
    page = _text(client.get(f"/coordinator/calls/{objection.application.call_id}/objections"))
    assert objection.application.student.full_name not in page


def test_objection_list_query_count_is_constant(login_as):
    first = _lodged()
    call = first.application.call
    program = first.application.choices[0].program

    def lodge(n):
        for _ in range(n):
            application = result(program, S.NOT_SELECTED)
            lodge_objection(application, actor=application.student, reason="Check.")
        db.session.commit()

    client = login_as(f.coordinator())
    lodge(2)
    with count_statements() as few:
        assert client.get(f"/coordinator/calls/{call.id}/objections").status_code == 200
    lodge(27)
    with count_statements() as many:
        assert client.get(f"/coordinator/calls/{call.id}/objections").status_code == 200
    assert len(few) == len(many)
