"""The coordinator's selection screens: dashboard, ranking with its forms, runs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.applications.models import Application
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.selection.models import AllocationRun, ApplicationScore, ScoreRule
from exchange.selection.states import RunState
from tests import factories as f
from tests.queries import statements_for
from tests.selection import factories as sf
from tests.selection.helpers import dry_run, small_call


@pytest.fixture
def world():
    return small_call()


def _text(response):
    return response.get_data(as_text=True)


def test_ranking_shows_components_totals_and_flags(login_as, world):
    url = f"/coordinator/calls/{world['call'].id}/selection/ranking"
    page = _text(login_as(world["actor"]).get(url))

    for name in ("80.00", "75.00", "70.00", "67.50", "55.00"):
        assert name in page
    assert page.index("80.00") < page.index("75.00") < page.index("55.00")
    assert "Not eligible for a choice" in page  # E lists only P3, which needs a 3.90 GPA
    assert "0/0 reviews" in page


def test_ranking_per_destination_lists_only_its_applicants(login_as, world):
    p1 = world["programs"][0]
    a = world["apps"]
    page = _text(login_as(world["actor"]).get(
        f"/coordinator/calls/{world['call'].id}/selection/ranking?program={p1.id}"))  # fmt: skip
    assert f'id="row-{a["A"].id}"' in page and f'id="row-{a["C"].id}"' in page
    assert f'id="row-{a["D"].id}"' not in page


def test_interview_error_is_shown_beside_the_field_and_nothing_saved(login_as, world):
    app_c = world["apps"]["C"]
    url = f"/coordinator/calls/{world['call'].id}/selection/applications/{app_c.id}/interview"
    response = login_as(world["actor"]).post(url, data={"interview_score": "150"})

    assert response.status_code == 422
    page = _text(response)
    assert f'id="interview-{app_c.id}-error">Enter an interview score from 0 to 100.' in page
    assert 'value="150"' in page
    assert db.session.scalars(select(ApplicationScore)).all() == []


def test_adjustment_without_reason_is_refused_beside_the_reason(login_as, world):
    app_c = world["apps"]["C"]
    url = f"/coordinator/calls/{world['call'].id}/selection/applications/{app_c.id}/adjust"
    response = login_as(world["actor"]).post(url, data={"adjustment": "4", "reason": ""})

    assert response.status_code == 422
    assert f'id="reason-{app_c.id}-error">Write why the score is adjusted' in _text(response)
    assert db.session.scalars(select(ApplicationScore)).all() == []


def test_adjustment_with_reason_changes_the_total_and_is_audited(login_as, world):
    app_c = world["apps"]["C"]
    client = login_as(world["actor"])
    url = f"/coordinator/calls/{world['call'].id}/selection/applications/{app_c.id}/adjust"
    response = client.post(url, data={"adjustment": "6.5", "reason": "Grade appeal upheld"})

    assert response.status_code == 302
    page = _text(client.get(f"/coordinator/calls/{world['call'].id}/selection/ranking"))
    assert "76.50" in page
    event_ = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "selection.adjust"))
    assert event_.note == "Grade appeal upheld"


def test_rule_form_errors_and_manual_flag(login_as, world):
    client = login_as(world["actor"])
    call_id = world["call"].id
    bad = client.post(f"/coordinator/calls/{call_id}/selection/rules",
                      data={"kind": "manual", "label": "Hardship", "points": "abc"})  # fmt: skip
    assert bad.status_code == 422
    assert 'id="points-error">Enter points from -100 to 100.' in _text(bad)
    client.post(f"/coordinator/calls/{call_id}/selection/rules",
                data={"kind": "manual", "label": "Hardship", "points": "5"})  # fmt: skip
    rule = db.session.scalar(select(ScoreRule))
    app_d = world["apps"]["D"]
    client.post(f"/coordinator/calls/{call_id}/selection/applications/{app_d.id}/flag",
                data={"rule_id": rule.id, "on": "1"})  # fmt: skip
    page = _text(client.get(f"/coordinator/calls/{call_id}/selection/ranking"))
    assert "60.00" in page  # D: 55 + 5


def test_run_journey_dry_run_result_then_commit(login_as, world):
    client = login_as(world["actor"])
    call_id = world["call"].id
    response = client.post(f"/coordinator/calls/{call_id}/selection/runs",
                           data={"mechanism": "serial_dictatorship", "tie_rule": "lottery",
                                 "seed": "99"})  # fmt: skip
    run = db.session.scalar(select(AllocationRun))
    assert response.headers["Location"].endswith(f"/selection/runs/{run.id}")
    page = _text(client.get(response.headers["Location"]))
    assert "You ranked 3rd of 5 (score 70.00)." in page
    assert "Commit this run" in page
    assert run.seed == 99

    client.post(f"/coordinator/calls/{call_id}/selection/runs/{run.id}/commit")

    db.session.expire_all()
    assert db.session.get(AllocationRun, run.id).state == RunState.COMMITTED
    states = {a.state.value for a in db.session.scalars(select(Application))}
    assert states == {"selected", "waitlisted", "not_selected"}
    dashboard = _text(client.get(f"/coordinator/calls/{call_id}/selection"))
    assert "Start a dry run (round 2)" in dashboard


def test_stale_run_page_says_why_and_commit_is_refused(login_as, world):
    client = login_as(world["actor"])
    call_id = world["call"].id
    client.post(f"/coordinator/calls/{call_id}/selection/runs",
                data={"mechanism": "lottery", "tie_rule": "lottery", "seed": ""})  # fmt: skip
    run = db.session.scalar(select(AllocationRun))
    app_c = world["apps"]["C"]
    client.post(f"/coordinator/calls/{call_id}/selection/applications/{app_c.id}/adjust",
                data={"adjustment": "3", "reason": "Late grade"})  # fmt: skip

    page = _text(client.get(f"/coordinator/calls/{call_id}/selection/runs/{run.id}"))
    assert "changed since this dry run" in page
    assert "Commit this run" not in page
    response = client.post(f"/coordinator/calls/{call_id}/selection/runs/{run.id}/commit",
                           follow_redirects=True)  # fmt: skip
    assert "changed since this dry run" in _text(response)
    assert db.session.get(AllocationRun, run.id).state == RunState.DRY


def test_run_start_errors_show_beside_the_field(login_as, world):
    response = login_as(world["actor"]).post(
        f"/coordinator/calls/{world['call'].id}/selection/runs",
        data={"mechanism": "lottery", "tie_rule": "lottery", "seed": "x1"},
    )
    assert response.status_code == 422
    assert 'id="seed-error">Enter the seed as a whole number' in _text(response)
    assert db.session.scalars(select(AllocationRun)).all() == []


def test_running_run_shows_progress_and_refreshes(login_as, world):
    from exchange.selection import runs

    run = runs.start_run(world["call"], mechanism="lottery", tie_rule="lottery", seed=3,
                         actor=world["actor"])  # fmt: skip
    run.progress = 40
    db.session.commit()
    page = _text(login_as(world["actor"]).get(
        f"/coordinator/calls/{world['call'].id}/selection/runs/{run.id}"))  # fmt: skip
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'aria-valuenow="40"' in page


def test_dashboard_counts_reviews_and_seats(login_as, world):
    from tests.reviews import factories as rf

    reviewer = f.faculty(full_name="Dr Reviewer")
    rf.review(rf.assignment(world["apps"]["A"], reviewer), {rf.criterion(world["call"]): 5})
    rf.assignment(world["apps"]["B"], reviewer)
    page = _text(login_as(world["actor"]).get(f"/coordinator/calls/{world['call'].id}/selection"))
    assert "Dr Reviewer" in page
    assert '<span class="badge text-bg-warning">1</span>' in page  # one review missing
    assert "Destination 3" in page


def _crowd(n: int):
    call, programs = sf.selection_call(programs=3, seats=2, weight_gpa=40, weight_language=30,
                                       weight_review=20, weight_interview=10)  # fmt: skip
    rule = sf.rule(call, kind="manual")
    sf.rule(call, kind="prior_participation", points="-10")
    for i in range(n):
        application = sf.applicant(call, [programs[i % 3], programs[(i + 1) % 3]],
                                   gpa=f"{2 + (i % 20) / 10:.2f}")  # fmt: skip
        sf.office_score(application, interview=50 + i % 40, adjustment="1", reason="Reason")
        if i % 2:
            sf.flag(application, rule)
    return call


@pytest.mark.parametrize("page", ["ranking", "ranking_program", "dashboard", "run"])
def test_pages_keep_a_constant_number_of_queries(login_as, page):
    from tests.conftest import _empty_all_tables
    from tests.selection.helpers import dry_run

    counts = {}
    for n in (3, 30):
        call = _crowd(n)
        actor = f.coordinator()
        run = dry_run({"call": call, "actor": actor})
        client = login_as(actor)
        url = {
            "ranking": f"/coordinator/calls/{call.id}/selection/ranking",
            "ranking_program": f"/coordinator/calls/{call.id}/selection/ranking"
                               f"?program={call.programs[0].id}",
            "dashboard": f"/coordinator/calls/{call.id}/selection",
            "run": f"/coordinator/calls/{call.id}/selection/runs/{run.id}",
        }[page]  # fmt: skip
        counts[n] = statements_for(client, url)
        _empty_all_tables()
    assert counts[3] == counts[30], counts


def test_dry_run_page_warns_about_reviews_not_in_yet(login_as, world):
    from tests.reviews import factories as rf

    client = login_as(world["actor"])
    run = dry_run(world)
    url = f"/coordinator/calls/{world['call'].id}/selection/runs/{run.id}"
    assert "data-reviews-outstanding" not in _text(client.get(url))

    done = rf.assignment(world["apps"]["A"])
    rf.assignment(world["apps"]["B"])
    rf.assignment(world["apps"]["C"])
    rf.review(done, submitted=True)
    page = _text(client.get(url))

    assert "data-reviews-outstanding" in page
    assert "2 of 3 assigned reviews are not in yet." in page
    assert "Commit this run" in page  # a warning, not a refusal
