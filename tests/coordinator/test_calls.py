"""The coordinator's calls: list with numbers, create, edit, and programs in and out."""

import html
from datetime import date

from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from tests import factories as f

YEAR = date.today().year


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _calls() -> int:
    return db.session.scalar(select(func.count()).select_from(Call))


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _add_program(client, call, program):
    """Posts the program to the call's list, then reloads the program to see where it is."""
    response = client.post(f"/coordinator/calls/{call.id}/programs",
                           data={"program_id": str(program.id)})  # fmt: skip
    db.session.refresh(program)
    return response


def _valid(**kw) -> dict:
    return {
        "title": "Erasmus+ study exchange",
        "description": "Rank up to three partner universities.",
        "academic_year": f"{YEAR}/{YEAR + 1}",
        "max_choices": "3",
        "objection_days": "5",
        "offer_days": "7",
    } | kw


def test_call_list_shows_programs_and_applications_per_state(login_as):
    call = f.call(title="Spring round")
    program = f.program(call=call)
    f.program(call=call)
    for state in ("submitted", "submitted", "withdrawn"):
        application = f.application(call=call, state=state)
        if state == "withdrawn":
            application.submitted_at = application.withdrawn_at
            db.session.commit()
        f.choice(application=application, program=program)
    f.application(call=call)  # a draft: the student's alone, not counted
    client = login_as(f.coordinator())

    response = client.get("/coordinator/calls")

    text = _text(response)
    assert response.status_code == 200
    assert "Spring round" in text
    assert "Submitted 2" in text
    assert "Withdrawn 1" in text
    assert "Draft" not in text
    row = text.split("Spring round")[1]
    assert '<td class="text-end">2</td>' in row


def test_call_list_empty_says_how_to_start(login_as):
    response = login_as(f.coordinator()).get("/coordinator/calls")

    assert "No calls yet." in _text(response)
    assert "/coordinator/calls/new" in _text(response)


def test_call_create_saves_the_call_and_audits_it(login_as):
    coordinator = f.coordinator()
    client = login_as(coordinator)

    response = client.post("/coordinator/calls/new", data=_valid(allow_reopen="y"))

    call = db.session.scalar(select(Call))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coordinator/calls/{call.id}")
    assert (call.title, call.academic_year, call.max_choices, call.allow_reopen) == (
        "Erasmus+ study exchange", YEAR, 3, True,
    )  # fmt: skip
    [event] = _audit("call.create")
    assert event.actor_id == coordinator.id
    assert event.after["title"] == "Erasmus+ study exchange"


def test_call_create_invalid_input_shows_messages_beside_fields_and_saves_nothing(login_as):
    client = login_as(f.coordinator())

    response = client.post(
        "/coordinator/calls/new",
        data=_valid(title="  ", academic_year="next year", max_choices="11"),
    )

    text = _text(response)
    assert response.status_code == 422
    assert 'id="title-error">Enter a title for the call.' in text
    assert 'id="academic_year-error"' in text
    assert 'id="max_choices-error">Enter a number from 1 to 10.' in text
    assert 'value="next year"' in text  # what was typed comes back
    assert _calls() == 0


def test_call_edit_saves_changes_and_audits_only_them(login_as):
    call = f.call(title="Autumn round", max_choices=3)
    client = login_as(f.coordinator())

    response = client.post(
        f"/coordinator/calls/{call.id}/edit",
        data=_valid(title="Autumn round (extended)", max_choices="4"),
    )

    db.session.refresh(call)
    assert response.status_code == 302
    assert (call.title, call.max_choices) == ("Autumn round (extended)", 4)
    [event] = _audit("call.update")
    assert event.before["max_choices"] == 3 and event.after["max_choices"] == 4


def test_call_edit_refuses_a_limit_below_an_application_beside_the_field(login_as):
    call = f.call(title="Autumn round", max_choices=3)
    application = f.application(call=call)
    f.choice(application=application, rank=1)
    f.choice(application=application, rank=2)
    client = login_as(f.coordinator())

    response = client.post(f"/coordinator/calls/{call.id}/edit", data=_valid(max_choices="1"))

    db.session.refresh(call)
    assert response.status_code == 422
    assert "An application already ranks 2 programs" in _text(response)
    assert 'id="max_choices-error"' in _text(response)
    assert call.max_choices == 3
    assert _audit("call.update") == []


def test_call_detail_offers_only_programs_that_may_join(login_as):
    call = f.call(academic_year=YEAR)
    f.program(call=call, title="Already in the call")
    f.program(title="Same year, free", academic_year=YEAR)
    f.program(title="Another year", academic_year=YEAR + 1)
    f.program(title="Cancelled one", academic_year=YEAR, state=ProgramState.CANCELLED)
    f.program(title="In another call", academic_year=YEAR, call=f.call(academic_year=YEAR))
    client = login_as(f.coordinator())

    response = client.get(f"/coordinator/calls/{call.id}")

    text = _text(response)
    options = text.split('id="program_id"')[1].split("</select>")[0]
    assert "Same year, free" in options
    assert "Already in the call" not in options
    assert "Another year" not in text
    assert "Cancelled one" not in text
    assert "In another call" not in text
    assert "Already in the call" in text  # listed as a program of the call


def test_call_add_program_attaches_it_and_audits(login_as):
    call = f.call(academic_year=YEAR)
    program = f.program(title="Lund semester", academic_year=YEAR)
    client = login_as(f.coordinator())

    response = _add_program(client, call, program)
    assert response.status_code == 302
    assert program.call_id == call.id
    [event] = _audit("program.call")
    assert (event.before, event.after) == ({"call_id": None}, {"call_id": call.id})
    page = _text(client.get(f"/coordinator/calls/{call.id}"))
    assert "Lund semester is now part of the call." in page


def test_call_add_program_of_another_year_is_refused_beside_the_field(login_as):
    call = f.call(academic_year=YEAR)
    program = f.program(academic_year=YEAR + 1)
    client = login_as(f.coordinator())

    response = _add_program(client, call, program)
    assert response.status_code == 422
    assert 'id="program_id-error">The program is for' in _text(response)
    assert "choose a program of the same academic year" in _text(response)
    assert program.call_id is None


def test_call_add_program_refuses_a_cancelled_program(login_as):
    call = f.call(academic_year=YEAR)
    program = f.program(academic_year=YEAR, state=ProgramState.CANCELLED)
    client = login_as(f.coordinator())

    response = _add_program(client, call, program)
    assert response.status_code == 422
    assert "A cancelled program cannot join a call." in _text(response)
    assert program.call_id is None


def test_call_add_program_refuses_a_program_of_another_call(login_as):
    call = f.call(academic_year=YEAR)
    other = f.call(academic_year=YEAR, title="Summer round")
    program = f.program(academic_year=YEAR, call=other)
    client = login_as(f.coordinator())

    response = _add_program(client, call, program)
    assert response.status_code == 422
    assert "already in the call “Summer round”; take it out there first" in _text(response)
    assert program.call_id == other.id
    assert _audit("program.call") == []


def test_call_add_program_without_a_choice_asks_for_one(login_as):
    call = f.call()
    client = login_as(f.coordinator())

    for data in ({"program_id": ""}, {"program_id": "abc"}, {"program_id": "999999"}):
        response = client.post(f"/coordinator/calls/{call.id}/programs", data=data)

        assert response.status_code == 422
        assert 'id="program_id-error">Choose a program from the list.' in _text(response)
    assert _audit("program.call") == []


def test_call_remove_program_takes_it_out(login_as):
    call = f.call()
    program = f.program(call=call, title="Lund semester")
    client = login_as(f.coordinator())

    response = client.post(f"/coordinator/calls/{call.id}/programs/{program.id}/remove")

    db.session.refresh(program)
    assert response.status_code == 302
    assert program.call_id is None
    assert len(_audit("program.call")) == 1
    page = _text(client.get(f"/coordinator/calls/{call.id}"))
    assert "Lund semester was taken out of the call." in page


def test_call_remove_program_is_refused_once_an_application_ranks_it(login_as):
    call = f.call()
    program = f.program(call=call, title="Lund semester")
    f.choice(application=f.application(call=call), program=program)
    client = login_as(f.coordinator())

    page = _text(client.get(f"/coordinator/calls/{call.id}"))
    response = client.post(f"/coordinator/calls/{call.id}/programs/{program.id}/remove")

    db.session.refresh(program)
    assert "Stays: already chosen" in page
    assert f"/programs/{program.id}/remove" not in page
    assert response.status_code == 302
    assert program.call_id == call.id
    followed = _text(client.get(f"/coordinator/calls/{call.id}"))
    assert "Applications already chose this program; it must stay in the call." in followed


def test_call_remove_program_of_another_call_is_not_found(login_as):
    call = f.call()
    program = f.program(call=f.call())
    client = login_as(f.coordinator())

    response = client.post(f"/coordinator/calls/{call.id}/programs/{program.id}/remove")

    db.session.refresh(program)
    assert response.status_code == 404
    assert program.call_id != call.id


def test_scoped_coordinator_moves_only_programs_of_their_units(login_as):
    mine, theirs = f.org_unit(name="Engineering"), f.org_unit(name="Medicine")
    call = f.call(academic_year=YEAR)
    own = f.program(partnership=f.partnership(org_unit=mine), title="Own program")
    foreign = f.program(partnership=f.partnership(org_unit=theirs), title="Foreign program")
    coordinator = f.coordinator()
    from exchange.accounts.models import CoordinatorScope

    coordinator.scope_rows = [CoordinatorScope(org_unit_id=mine.id)]
    db.session.commit()
    client = login_as(coordinator)

    page = _text(client.get(f"/coordinator/calls/{call.id}"))
    refused = client.post(f"/coordinator/calls/{call.id}/programs",
                          data={"program_id": str(foreign.id)})  # fmt: skip

    assert "Own program" in page and "Foreign program" not in page
    assert refused.status_code == 403
    assert db.session.get(Program, foreign.id).call_id is None
    assert db.session.get(Program, own.id).call_id is None


def test_call_calendar_is_saved_and_checked_beside_its_field(login_as):
    client = login_as(f.coordinator())

    response = client.post(
        "/coordinator/calls/new",
        data=_valid(reviews_open_on="2026-03-10", reviews_close_on="2026-03-01"),
    )
    text = _text(response)
    assert response.status_code == 422
    assert "Reviews must close on or after the day they open." in text
    assert db.session.scalar(select(Call)) is None

    response = client.post("/coordinator/calls/new", data=_valid(offer_days="0"))
    assert "Enter from 1 to 60 days." in _text(response)
    assert db.session.scalar(select(Call)) is None

    client.post(
        "/coordinator/calls/new",
        data=_valid(
            reviews_open_on="2026-03-01",
            reviews_close_on="2026-03-10",
            results_release_on="2026-04-01",
            objection_days="3",
            offer_days="10",
        ),
    )
    call = db.session.scalar(select(Call))
    assert (str(call.reviews_open_on), str(call.reviews_close_on)) == ("2026-03-01", "2026-03-10")
    assert (str(call.results_release_on), call.objection_days, call.offer_days) == (
        "2026-04-01",
        3,
        10,
    )


def test_call_detail_shows_the_selection_calendar(login_as):
    from datetime import date

    call = f.call(title="Calendar round")
    call.reviews_open_on, call.reviews_close_on = date(2027, 2, 1), date(2027, 2, 15)
    call.results_release_on, call.objection_days, call.offer_days = date(2027, 3, 1), 3, 10
    db.session.commit()

    text = _text(login_as(f.coordinator()).get(f"/coordinator/calls/{call.id}"))

    calendar = text.split("data-call-calendar")[1].split("</dl>")[0]
    assert "2027-02-01 to 2027-02-15" in calendar
    assert "on 2027-03-01" in calendar
    assert "10 days to answer an offer" in calendar
    assert "3 working days to object" in calendar
