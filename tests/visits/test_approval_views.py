"""The approval screens of both deciders (the head of unit in the faculty area, the office in
the coordinator area): one page, one decision, the same errors beside the note."""

from __future__ import annotations

import pytest

from exchange.extensions import db
from exchange.visits.states import VisitState
from tests import factories as f
from tests.pages import field_error, page_text
from tests.visits import factories as vf


def test_head_approves_and_the_visit_goes_to_the_office(login_as, setting):
    visit = vf.visit(
        VisitState.SUBMITTED, proposer=setting["me"], partnership=setting["partnership"]
    )
    client = login_as(setting["head"])
    page = page_text(client.get(f"/faculty/visit-approvals/{visit.id}"))
    assert "Your decision: Head of unit" in page and "Proposed by Dr. Proposer" in page
    response = client.post(f"/faculty/visit-approvals/{visit.id}", data={"decision": "approve"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/faculty/visit-approvals")
    db.session.refresh(visit)
    assert visit.state == VisitState.UNIT_APPROVED


@pytest.mark.parametrize("decision", ["return", "reject"])
def test_returning_or_rejecting_without_a_note_answers_422_beside_the_note(
    login_as, setting, decision
):
    visit = vf.visit(
        VisitState.SUBMITTED, proposer=setting["me"], partnership=setting["partnership"]
    )
    response = login_as(setting["head"]).post(
        f"/faculty/visit-approvals/{visit.id}", data={"decision": decision, "note": ""}
    )
    assert response.status_code == 422
    assert field_error(page_text(response), "note").startswith("Say ")
    db.session.refresh(visit)
    assert visit.state == VisitState.SUBMITTED


def test_an_unknown_decision_answers_400(login_as, setting):
    visit = vf.visit(
        VisitState.SUBMITTED, proposer=setting["me"], partnership=setting["partnership"]
    )
    response = login_as(setting["head"]).post(
        f"/faculty/visit-approvals/{visit.id}", data={"decision": "shrug"}
    )
    assert response.status_code == 400


def test_office_returns_with_comments_and_the_proposer_reads_them(login_as, setting):
    visit = vf.visit(
        VisitState.UNIT_APPROVED, proposer=setting["me"], partnership=setting["partnership"]
    )
    client = login_as(f.coordinator())
    page = page_text(client.get(f"/coordinator/visit-approvals/{visit.id}"))
    assert "Your decision: International office" in page and 'id="cancel"' in page
    response = client.post(
        f"/coordinator/visit-approvals/{visit.id}",
        data={"decision": "return", "note": "Add the programme."},
        follow_redirects=True,
    )
    assert "Decision recorded: returned for changes." in page_text(response)
    db.session.refresh(visit)
    assert visit.state == VisitState.RETURNED and visit.return_comments == "Add the programme."


def test_office_cancel_needs_a_reason_on_the_approval_page(login_as, setting):
    visit = vf.visit(
        VisitState.APPROVED, proposer=setting["me"], partnership=setting["partnership"]
    )
    client = login_as(f.coordinator())
    response = client.post(f"/coordinator/visit-approvals/{visit.id}/cancel", data={"reason": ""})
    assert response.status_code == 422
    assert field_error(page_text(response), "reason") == "Say why the visit is cancelled."
    response = client.post(
        f"/coordinator/visit-approvals/{visit.id}/cancel", data={"reason": "Partner withdrew."}
    )
    assert response.status_code == 302
    db.session.refresh(visit)
    assert visit.state == VisitState.CANCELLED


def test_the_head_page_offers_neither_cancel_nor_confirmation(login_as, setting):
    visit = vf.visit(
        VisitState.SUBMITTED, proposer=setting["me"], partnership=setting["partnership"]
    )
    page = page_text(login_as(setting["head"]).get(f"/faculty/visit-approvals/{visit.id}"))
    assert 'id="cancel"' not in page and "/confirmation" not in page
