"""The placement dashboard: the numbers per state and per program, in constant queries."""

import html
from datetime import date

from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.placements.dashboard import call_dashboard
from exchange.placements.objections.services import lodge_objection
from tests import factories as f
from tests.placements.nomination_helpers import nominated, released_on, result
from tests.queries import statements_as_rows_grow

S = ApplicationState


def _arrange():
    call, (lund, porto) = released_on(date.today(), seats=(3, 2))
    for state in (S.OFFERED, S.ACCEPTED, S.PLACED):
        result(lund, state)
    nominated(result(porto, S.PLACED))
    result(porto, S.DECLINED)
    result(porto, S.EXPIRED)
    waiting = result(lund, S.WAITLISTED)
    f.choice(application=waiting, program=porto, rank=2)
    refused = result(lund, S.NOT_SELECTED)
    lodge_objection(refused, actor=refused.student, reason="Check my GPA.")
    db.session.commit()
    return call, lund, porto


def test_numbers_per_state_and_program():
    call, lund, porto = _arrange()
    board = call_dashboard(f.coordinator(), call)
    assert board.totals[S.OFFERED] == 1
    assert board.totals[S.ACCEPTED] == 1
    assert board.totals[S.PLACED] == 2
    assert board.totals[S.DECLINED] == 1
    assert board.totals[S.EXPIRED] == 1
    assert board.totals[S.WAITLISTED] == 1
    assert board.totals[S.NOT_SELECTED] == 1
    assert board.nominated == 1
    assert board.open_objections == 1
    rows = {r.program.id: r for r in board.programs}
    assert (rows[lund.id].seats, rows[lund.id].held, rows[lund.id].free) == (3, 3, 0)
    assert (rows[porto.id].seats, rows[porto.id].held, rows[porto.id].free) == (2, 1, 1)
    assert rows[lund.id].counts[S.OFFERED] == 1
    assert rows[porto.id].counts[S.DECLINED] == 1
    assert rows[porto.id].counts[S.EXPIRED] == 1
    assert rows[porto.id].nominated == 1
    assert (rows[lund.id].waitlisted, rows[porto.id].waitlisted) == (1, 1)
    assert (board.seats, board.held, board.free) == (5, 4, 1)


def test_page_shows_the_numbers_and_is_linked_from_the_call(login_as):
    call, lund, _ = _arrange()
    client = login_as(f.coordinator())
    detail = client.get(f"/coordinator/calls/{call.id}").get_data(as_text=True)
    assert f'href="/coordinator/calls/{call.id}/placements"' in detail
    page = html.unescape(client.get(f"/coordinator/calls/{call.id}/placements")
                         .get_data(as_text=True))  # fmt: skip
    assert "Seats per program" in page
    assert f'data-program="{lund.id}"' in page
    assert "Objections awaiting an answer" in page


def test_empty_call_says_what_to_do(login_as):
    call = f.call()
    page = html.unescape(login_as(f.coordinator()).get(f"/coordinator/calls/{call.id}/placements")
                         .get_data(as_text=True))  # fmt: skip
    assert "Nothing to show yet." in page
    assert "No programs in this call yet." in page


def test_query_count_does_not_grow_with_applications(login_as):
    call, (lund, porto) = released_on(date.today(), seats=(40, 40))
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{call.id}/placements"

    def add(n):
        states = [S.OFFERED, S.ACCEPTED, S.PLACED, S.DECLINED, S.WAITLISTED, S.NOT_SELECTED]
        for i in range(n):
            application = result((lund, porto)[i % 2], states[i % len(states)])
            if application.state == S.PLACED:
                nominated(application)

    few, many = statements_as_rows_grow(client, url, add)
    assert few == many
