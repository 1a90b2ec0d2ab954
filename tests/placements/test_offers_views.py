"""The office's results page (release, offers, placements) and the student's answer."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event, select

from exchange.applications.states import ApplicationState
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f
from tests.placements.offer_helpers import call_with_programs, decided, held, waitlisted

S = ApplicationState


def test_release_button_releases_and_says_what_was_sent(login_as, mailbox):
    call, (program,) = call_with_programs((2,), results_release_on=date.today())
    selected = decided(program, S.SELECTED)
    client = login_as(f.coordinator())
    response = client.post(f"/coordinator/calls/{call.id}/release", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Results released: 1 offers sent" in body or 'data-released="yes"' in body
    assert db.session.get(type(selected), selected.id).state == S.OFFERED
    assert len(mailbox.to(selected.student.email)) == 1


def test_early_release_without_reason_is_refused_beside_the_field(login_as):
    call, (program,) = call_with_programs((2,), results_release_on=date.today() + timedelta(3))
    decided(program, S.SELECTED)
    client = login_as(f.coordinator())
    response = client.post(f"/coordinator/calls/{call.id}/release", data={"reason": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-error"' in body and "To release them earlier, say why" in body
    assert db.session.get(type(call), call.id).results_released_at is None


def test_results_page_lists_offers_and_approves_a_placement(login_as):
    call, (program,) = call_with_programs((3,), released=True)
    accepted = decided(program, S.ACCEPTED)
    offered = decided(program, S.OFFERED)
    client = login_as(f.coordinator())
    body = client.get(f"/coordinator/calls/{call.id}/results").get_data(as_text=True)
    assert f'data-application="{accepted.id}"' in body
    assert f'data-application="{offered.id}"' in body
    assert body.count("Approve placement") == 1
    response = client.post(
        f"/coordinator/applications/{accepted.id}/place", data={"back": "results"}
    )
    assert response.status_code == 302
    assert db.session.get(type(accepted), accepted.id).state == S.PLACED
    assert held(program) == 2


def test_results_page_expires_overdue_offers_on_read(login_as):
    call, (program,) = call_with_programs((1,), released=True)
    late = decided(program, S.OFFERED, deadline=date.today() - timedelta(days=2))
    nxt = waitlisted(program, 1)
    login_as(f.coordinator()).get(f"/coordinator/calls/{call.id}/results")
    db.session.expire_all()
    assert db.session.get(type(late), late.id).state == S.EXPIRED
    assert db.session.get(type(nxt), nxt.id).state == S.OFFERED


def _statements(client, url) -> int:
    seen = []

    def listener(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_results_page_queries_do_not_grow_with_the_offers(login_as):
    counts = {}
    for n in (3, 30):
        call, (program,) = call_with_programs((n,), released=True)
        for i in range(n):
            decided(program, S.ACCEPTED if i % 2 else S.OFFERED)
        client = login_as(f.coordinator())
        counts[n] = _statements(client, f"/coordinator/calls/{call.id}/results")
    assert counts[3] == counts[30], counts


def test_student_accepts_and_declines_through_the_page(login_as):
    _, (program,) = call_with_programs((2,), released=True)
    first = decided(program, S.OFFERED)
    second = decided(program, S.OFFERED)
    page = login_as(first.student).get(f"/student/applications/{first.id}/result")
    body = page.get_data(as_text=True)
    assert 'data-result="offer"' in body and program.title in body
    assert (
        login_as(first.student).post(f"/student/applications/{first.id}/accept").status_code == 302
    )
    client = login_as(second.student)
    response = client.post(
        f"/student/applications/{second.id}/decline",
        data={"reason": "Staying"},
        follow_redirects=True,
    )
    assert "You declined the offer" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(first), first.id).state == S.ACCEPTED
    assert db.session.get(type(second), second.id).state == S.DECLINED
    note = db.session.scalar(
        select(AuditEvent.note).where(
            AuditEvent.object_id == second.id, AuditEvent.action == "application.declined"
        )
    )
    assert note == "Staying"


def test_accepting_an_expired_offer_gives_a_message_not_an_error(login_as):
    _, (program,) = call_with_programs((2,), released=True)
    late = decided(program, S.OFFERED, deadline=date.today() - timedelta(days=1))
    response = login_as(late.student).post(
        f"/student/applications/{late.id}/accept", follow_redirects=True
    )
    assert response.status_code == 200
    assert "can no longer be accepted" in response.get_data(as_text=True)
