"""The quota rule: seats of one agreement, type and year within its outgoing places a year.

Checked by the service (with the numbers), by the database (triggers on both dialects), and
under concurrency on PostgreSQL (two threads, one quota).
"""

import html
import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.programs import services
from exchange.programs.models import Program
from exchange.programs.states import ProgramState
from tests import factories as f
from tests.races import postgresql_only, run_in_threads

YEAR = 2026


def _agreement(places=4, **kw):
    partnership = f.partnership(first_year=2025, last_year=2028, **kw)
    f.condition(partnership=partnership, places_per_year=places)
    return partnership


def _fields(**kw):
    today = date.today()
    return dict(
        title="Semester abroad", mobility_type="SMS", academic_year=YEAR, term="1", seats=1,
        opens_on=today, closes_on=today + timedelta(days=30), language="en", cefr_level="B2",
    ) | kw  # fmt: skip


def _seats(partnership_id) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Program.seats), 0)).where(
            Program.partnership_id == partnership_id, Program.state != ProgramState.CANCELLED
        )
    )


def _text(response):
    return html.unescape(response.get_data(as_text=True))


# --- The service says it with the numbers -------------------------------------------------


def test_create_program_up_to_the_places_left_is_saved():
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    program = services.create_program(partnership=partnership, actor=f.coordinator(),
                                      **_fields(seats=1))  # fmt: skip
    db.session.commit()
    assert program.id is not None
    assert _seats(partnership.id) == 4


def test_create_program_over_the_quota_is_refused_beside_the_seats_with_numbers():
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    with pytest.raises(services.QuotaError) as error:
        services.create_program(partnership=partnership, actor=f.coordinator(),
                                **_fields(seats=2))  # fmt: skip
    assert error.value.field == "seats"
    assert str(error.value) == (
        "The agreement allows 4 outgoing places a year for student studies (SMS) in 2026/2027; "
        "3 are already offered in other programs, so at most 1 is left."
    )


def test_quota_message_when_nothing_is_left():
    partnership = _agreement(places=1)
    f.program(partnership=partnership, academic_year=YEAR, seats=1)
    with pytest.raises(services.QuotaError) as error:
        services.create_program(partnership=partnership, actor=f.coordinator(), **_fields())
    assert str(error.value) == (
        "The agreement allows 1 outgoing place a year for student studies (SMS) in 2026/2027; "
        "1 is already offered in other programs, so none is left."
    )


def test_quota_ignores_cancelled_calls_other_years_types_and_incoming_places():
    partnership = _agreement(places=2)
    f.condition(partnership=partnership, direction="incoming", places_per_year=10)
    f.program(partnership=partnership, academic_year=YEAR, seats=2, state=ProgramState.CANCELLED)
    f.program(partnership=partnership, academic_year=YEAR + 1, seats=2)
    f.program(partnership=partnership, academic_year=YEAR, seats=2, mobility_type="STA")
    program = services.create_program(partnership=partnership, actor=f.coordinator(),
                                      **_fields(seats=2))  # fmt: skip
    assert program.seats == 2


def test_create_program_without_an_outgoing_condition_names_the_missing_condition():
    partnership = f.partnership(first_year=2025, last_year=2028)
    f.condition(partnership=partnership, direction="incoming", places_per_year=5)
    with pytest.raises(services.QuotaError) as error:
        services.create_program(partnership=partnership, actor=f.coordinator(), **_fields())
    assert error.value.field == "mobility_type"
    assert error.value.missing is True
    assert "no outgoing cooperation condition for student studies (SMS)" in str(error.value)


def test_update_program_counts_the_other_calls_not_itself():
    partnership = _agreement(places=4)
    program = f.program(partnership=partnership, academic_year=YEAR, seats=3,
                        state=ProgramState.DRAFT)  # fmt: skip
    services.update_program(program, actor=f.coordinator(), seats=4)
    db.session.commit()
    with pytest.raises(services.QuotaError) as error:
        services.update_program(program, actor=f.coordinator(), seats=5)
    assert "none is offered in other programs yet, so at most 4 are left." in str(error.value)


# --- The form ------------------------------------------------------------------------------


def _post_data(partnership, **kw):
    today = date.today()
    return {
        "partnership_id": str(partnership.id), "title": "Semester abroad", "mobility_type": "SMS",
        "academic_year": "2026/2027", "term": "1", "seats": "2", "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=30)).isoformat(), "language": "en",
        "cefr_level": "B2", "weight_gpa": "50", "weight_language": "50",
        "weight_review": "0", "weight_interview": "0",
    } | kw  # fmt: skip


def test_program_form_over_quota_shows_the_numbers_beside_seats_and_saves_nothing(login_as):
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    client = login_as(f.coordinator())
    response = client.post("/coordinator/programs/new", data=_post_data(partnership, seats="2"))
    assert response.status_code == 422
    assert (
        'id="seats-error">The agreement allows 4 outgoing places a year for student studies '
        "(SMS) in 2026/2027; 3 are already offered in other programs, so at most 1 is left."
    ) in _text(response)
    assert _seats(partnership.id) == 3


def test_program_form_without_condition_links_to_adding_it(login_as):
    partnership = f.partnership(first_year=2025, last_year=2028)
    client = login_as(f.coordinator())
    response = client.post("/coordinator/programs/new", data=_post_data(partnership))
    page = _text(response)
    assert response.status_code == 422
    assert 'id="mobility_type-error">The agreement has no outgoing cooperation condition' in page
    assert f'href="/coordinator/partnerships/{partnership.id}/conditions/new"' in page
    assert db.session.scalar(select(func.count()).select_from(Program)) == 0


def test_program_form_shows_places_left_before_submitting(login_as):
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    page = _text(login_as(f.coordinator()).get(
        f"/coordinator/programs/new?partnership={partnership.id}"))  # fmt: skip
    # The page carries each agreement's places and the seats offered per year for its script.
    assert f'"{partnership.id}": {{"first": 2025, "last": 2028, "types": {{"SMS": ' in page
    assert '"offered": {"2026": 3}, "places": 4' in page
    assert "Outgoing places a year for %(type)s in %(year)s" in page


def test_database_refusal_becomes_the_same_message_not_an_error_page(login_as, monkeypatch):
    # As if another request took the last place between the service's check and the insert.
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    monkeypatch.setattr(services, "check_quota", lambda data, program: None)
    client = login_as(f.coordinator())
    response = client.post("/coordinator/programs/new", data=_post_data(partnership, seats="2"))
    assert response.status_code == 422
    assert 'id="seats-error">The agreement allows 4 outgoing places' in _text(response)
    assert _seats(partnership.id) == 3


# --- The database never stores an over-commitment ------------------------------------------

INSERT = text(
    "INSERT INTO programs (partnership_id, title, mobility_type, academic_year, term, seats, "
    "opens_on, closes_on, eqf_levels, required_documents, state, first_timers_only, "
    "weight_gpa, weight_language, weight_review, weight_interview, created_at, "
    "updated_at) VALUES (:pid, 'Direct', :kind, :year, '1', :seats, '2026-01-01', "
    "'2026-02-01', '', '', :state, false, 50, 50, 0, 0, CURRENT_TIMESTAMP, "
    "CURRENT_TIMESTAMP)"
)


def _insert(partnership_id, seats, *, kind="SMS", year=YEAR, state="draft", session=None):
    (session or db.session).execute(
        INSERT, {"pid": partnership_id, "kind": kind, "year": year, "seats": seats, "state": state}
    )


def _refused(action) -> str:
    with pytest.raises(IntegrityError) as error:
        action()
        db.session.flush()
    db.session.rollback()
    return str(error.value)


def test_database_refuses_a_direct_insert_over_the_quota():
    partnership = _agreement(places=4)
    _insert(partnership.id, 3)
    db.session.commit()
    assert "quota_exceeded" in _refused(lambda: _insert(partnership.id, 2))
    assert _seats(partnership.id) == 3


def test_database_refuses_a_call_without_an_outgoing_condition_but_accepts_a_cancelled_one():
    partnership = f.partnership(first_year=2025, last_year=2028)
    f.condition(partnership=partnership, direction="incoming", places_per_year=9)
    assert "quota_exceeded" in _refused(lambda: _insert(partnership.id, 1))
    _insert(partnership.id, 5, state="cancelled")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Program)) == 1


def test_database_refuses_updates_that_over_commit():
    partnership = _agreement(places=4)
    program = f.program(partnership=partnership, academic_year=YEAR, seats=3)
    f.program(partnership=partnership, academic_year=YEAR + 1, seats=2)
    cancelled = f.program(partnership=partnership, academic_year=YEAR, seats=2,
                          state=ProgramState.CANCELLED)  # fmt: skip
    updates = [
        ("UPDATE programs SET seats = 5 WHERE id = :id", program.id),
        ("UPDATE programs SET academic_year = 2026 WHERE academic_year = 2027", None),
        ("UPDATE programs SET state = 'draft' WHERE id = :id", cancelled.id),
        ("UPDATE programs SET mobility_type = 'STA' WHERE id = :id", program.id),
    ]
    for sql, pid in updates:
        message = _refused(lambda sql=sql, pid=pid: db.session.execute(text(sql), {"id": pid}))
        assert "quota_exceeded" in message, sql
    db.session.execute(text("UPDATE programs SET seats = 4 WHERE id = :id"), {"id": program.id})
    db.session.commit()
    assert _seats(partnership.id) == 6


def test_database_refuses_shrinking_or_deleting_a_condition_that_calls_use():
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    condition_id = db.session.scalar(select(CooperationCondition.id))
    shrink = text("UPDATE cooperation_conditions SET places_per_year = 2 WHERE id = :id")
    flip = text("UPDATE cooperation_conditions SET direction = 'incoming' WHERE id = :id")
    delete = text("DELETE FROM cooperation_conditions WHERE id = :id")
    for statement in (shrink, flip, delete):
        message = _refused(lambda s=statement: db.session.execute(s, {"id": condition_id}))
        assert "quota_exceeded" in message
    keep = text("UPDATE cooperation_conditions SET places_per_year = 3 WHERE id = :id")
    db.session.execute(keep, {"id": condition_id})
    db.session.commit()
    assert db.session.get(CooperationCondition, condition_id).places_per_year == 3


def test_database_lets_an_unused_or_incoming_condition_go():
    partnership = _agreement(places=4)
    f.condition(partnership=partnership, direction="incoming")
    f.program(partnership=partnership, academic_year=YEAR, seats=3, state=ProgramState.CANCELLED)
    db.session.execute(text("DELETE FROM cooperation_conditions"))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CooperationCondition)) == 0


# --- The condition form --------------------------------------------------------------------


def test_condition_form_refuses_places_below_what_calls_offer(login_as):
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    condition = db.session.scalar(select(CooperationCondition))
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/conditions/{condition.id}/edit",
        data={"direction": "outgoing", "mobility_type": "SMS", "places_per_year": "2",
              "months_per_year": "20", "language": "en", "cefr_level": "B2"},
    )  # fmt: skip
    assert response.status_code == 422
    assert (
        'id="places_per_year-error">Calls under this agreement already offer 3 seats for student '
        "studies (SMS) in 2026/2027; the places per year cannot go below 3."
    ) in _text(response)
    db.session.expire_all()
    assert db.session.get(CooperationCondition, condition.id).places_per_year == 4


def test_condition_delete_is_refused_while_calls_use_it(login_as):
    partnership = _agreement(places=4)
    f.program(partnership=partnership, academic_year=YEAR, seats=3)
    condition = db.session.scalar(select(CooperationCondition))
    client = login_as(f.coordinator())
    response = client.post(
        f"/coordinator/partnerships/{partnership.id}/conditions/{condition.id}/delete",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "cancel them before deleting this outgoing condition" in _text(response)
    assert db.session.get(CooperationCondition, condition.id) is not None


# --- Concurrency (PostgreSQL) -------------------------------------------------------------


REFUSALS = (services.ProgramError, IntegrityError)
SQLITE_CANNOT = (
    "SQLite runs one write transaction at a time, so two creations cannot interleave; "
    "the race is tested on PostgreSQL (TEST_DATABASE_URL)."
)


def test_two_concurrent_creations_never_exceed_the_quota(app):
    postgresql_only(SQLITE_CANNOT)
    partnership_id = _agreement(places=4).id
    actor_id = f.coordinator().id
    barrier = threading.Barrier(2)

    def create(seats):
        def job():
            from exchange.accounts.models import User

            partnership = db.session.get(Partnership, partnership_id)
            actor = db.session.get(User, actor_id)
            barrier.wait(timeout=10)
            services.create_program(partnership=partnership, actor=actor, **_fields(seats=seats))

        return job

    outcomes = run_in_threads(app, create(3), create(3), refusals=REFUSALS)

    db.session.expire_all()
    assert sorted(outcomes) == ["QuotaError", "saved"]
    assert _seats(partnership_id) == 3


def test_database_lock_serializes_direct_inserts_that_race(app):
    # A inserts and holds its transaction open; B inserts meanwhile. Without the trigger's
    # row lock B's sum would miss A's uncommitted seats and both would be stored.
    postgresql_only(SQLITE_CANNOT)
    partnership_id = _agreement(places=4).id
    barrier = threading.Barrier(2)

    def first():
        _insert(partnership_id, 3)
        barrier.wait(timeout=10)
        time.sleep(0.5)

    def second():
        barrier.wait(timeout=10)
        _insert(partnership_id, 3)

    outcomes = run_in_threads(app, first, second, refusals=REFUSALS)

    db.session.expire_all()
    assert outcomes == ["saved", "IntegrityError"]
    assert _seats(partnership_id) == 3
