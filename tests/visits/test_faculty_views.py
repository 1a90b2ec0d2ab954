"""The faculty member's visit screens: propose, errors beside the fields, submit, files,
cancel, report; and lists whose query count does not grow with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.visits.models import Visit, VisitDocument
from exchange.visits.states import VisitState
from tests import factories as f
from tests.pages import field_error, page_text
from tests.queries import statements_for
from tests.visits import factories as vf


def test_form_offers_active_staff_agreements_and_shows_the_days_left(login_as, setting):
    other = vf.staff_agreement(org_unit=setting["unit"], state="suspended", title="Suspended one")
    no_staff = f.partnership(org_unit=setting["unit"], title="Students only")
    html = page_text(login_as(setting["me"]).get("/faculty/visits/new"))
    assert setting["partnership"].title in html
    assert other.title not in html and no_staff.title not in html
    assert f'data-days-for="{setting["partnership"].id}"' in html
    assert "10</strong> of 10 left" in html


def test_submitting_a_bad_proposal_answers_422_with_errors_beside_fields(login_as, setting):
    data = vf.form_data(setting["partnership"], action="submit", teaching_hours="1",
                        end_date=vf.soon(30), host_name="")  # fmt: skip
    response = login_as(setting["me"]).post("/faculty/visits/new", data=data)
    html = page_text(response)
    assert response.status_code == 422
    assert field_error(html, "end_date") == (
        "A staff visit lasts at least 2 days on site; this one has 1."
    )
    assert field_error(html, "teaching_hours").startswith("A 1-day teaching visit needs at least 2")
    assert field_error(html, "host_name") == "Name your host at the partner."
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 0


def test_quota_error_names_the_days_left(login_as, setting):
    vf.visit(VisitState.APPROVED, partnership=setting["partnership"], start_date=vf.soon(60),
             end_date=vf.soon(66))  # 7 days of 10  # fmt: skip
    data = vf.form_data(setting["partnership"], action="submit")  # 5 days
    response = login_as(setting["me"]).post("/faculty/visits/new", data=data)
    assert response.status_code == 422
    assert "3 left, this visit needs 5" in field_error(page_text(response), "partnership_id")


def test_save_draft_then_submit_goes_to_the_unit_head(login_as, setting, mailbox):
    client = login_as(setting["me"])
    response = client.post("/faculty/visits/new", data=vf.form_data(setting["partnership"]))
    visit = db.session.scalars(select(Visit)).one()
    assert response.status_code == 302
    assert visit.state == VisitState.DRAFT and visit.days_on_site == 5
    response = client.post(f"/faculty/visits/{visit.id}/submit")
    db.session.refresh(visit)
    assert visit.state == VisitState.SUBMITTED
    assert len(mailbox.to(setting["head"].email)) == 1
    html = page_text(client.get(f"/faculty/visits/{visit.id}"))
    assert "Waiting for head of unit." in html and "data-timeline" in html


def test_submit_of_an_incomplete_draft_shows_the_problems_on_the_form(login_as, setting):
    visit = vf.visit(VisitState.DRAFT, proposer=setting["me"], partnership=setting["partnership"],
                     purpose=None)  # fmt: skip
    client = login_as(setting["me"])
    response = client.post(f"/faculty/visits/{visit.id}/submit", follow_redirects=True)
    assert field_error(page_text(response), "purpose") == "Say what the visit is for."
    db.session.refresh(visit)
    assert visit.state == VisitState.DRAFT


def test_overlapping_visit_is_refused(login_as, setting):
    vf.visit(VisitState.SUBMITTED, proposer=setting["me"], partnership=setting["partnership"],
             start_date=vf.soon(32), end_date=vf.soon(35))  # fmt: skip
    data = vf.form_data(setting["partnership"], action="submit")
    response = login_as(setting["me"]).post("/faculty/visits/new", data=data)
    assert response.status_code == 422
    assert "visits of one person cannot overlap" in field_error(page_text(response), "start_date")


def test_upload_checks_the_content_and_keeps_the_file(login_as, setting):
    from io import BytesIO

    visit = vf.visit(VisitState.DRAFT, proposer=setting["me"], partnership=setting["partnership"])
    client = login_as(setting["me"])
    bad = client.post(
        f"/faculty/visits/{visit.id}/documents",
        data={"kind": "invitation", "document": (BytesIO(b"<html>hi</html>"), "letter.pdf")},
    )
    assert bad.status_code == 422
    assert "Web pages and SVG images are not accepted" in page_text(bad)
    good = client.post(
        f"/faculty/visits/{visit.id}/documents",
        data={"kind": "invitation", "document": (BytesIO(b"%PDF-1.7 invitation"), "letter.pdf")},
    )
    assert good.status_code == 302
    document = db.session.scalars(select(VisitDocument)).one()
    download = client.get(f"/faculty/visits/{visit.id}/documents/{document.id}")
    assert download.data == b"%PDF-1.7 invitation"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_cancel_needs_a_reason_and_releases_the_days(login_as, setting):
    visit = vf.visit(VisitState.APPROVED, proposer=setting["me"],
                     partnership=setting["partnership"])  # fmt: skip
    client = login_as(setting["me"])
    assert client.post(f"/faculty/visits/{visit.id}/cancel", data={"reason": ""}).status_code == 422
    client.post(f"/faculty/visits/{visit.id}/cancel", data={"reason": "Strike at the airport"})
    db.session.refresh(visit)
    assert visit.state == VisitState.CANCELLED
    assert visit.cancellation_reason == "Strike at the airport"


def test_report_after_the_end_completes_the_visit(login_as, setting):
    start = vf.soon(-9)
    visit = vf.visit(VisitState.APPROVED, proposer=setting["me"],
                     partnership=setting["partnership"], start_date=start,
                     end_date=start + timedelta(days=4))  # fmt: skip
    client = login_as(setting["me"])
    empty = client.post(f"/faculty/visits/{visit.id}/report", data={"report_done": ""})
    assert empty.status_code == 422
    client.post(f"/faculty/visits/{visit.id}/report", data={
        "report_done": "Taught", "report_outcomes": "A joint course",
        "actual_travel_cost": "310.50"})  # fmt: skip
    db.session.refresh(visit)
    assert visit.state == VisitState.COMPLETED
    assert str(visit.actual_travel_cost) == "310.50"
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "visit.report"))


def test_report_before_the_end_is_forbidden(login_as, setting):
    visit = vf.visit(VisitState.APPROVED, proposer=setting["me"],
                     partnership=setting["partnership"])  # fmt: skip
    assert login_as(setting["me"]).get(f"/faculty/visits/{visit.id}/report").status_code == 403


def test_another_faculty_members_visit_is_hidden(login_as, setting):
    visit = vf.visit(VisitState.SUBMITTED, partnership=setting["partnership"],
                     purpose="Secret plans")  # fmt: skip
    client = login_as(f.faculty(org_unit=setting["unit"]))
    assert client.get(f"/faculty/visits/{visit.id}").status_code == 404
    assert "Secret plans" not in page_text(client.get("/faculty/visits"))
    assert "Secret plans" not in page_text(client.get("/faculty/visit-approvals"))


@pytest.mark.parametrize("url", ["/faculty/visits", "/faculty/visit-approvals"])
def test_list_query_count_does_not_grow(login_as, setting, url):
    def add(n, offset):
        for i in range(n):
            proposer = (
                setting["me"] if url == "/faculty/visits" else f.faculty(org_unit=setting["unit"])
            )
            start = vf.soon(offset + 7 * i)
            vf.visit(VisitState.SUBMITTED, proposer=proposer, partnership=setting["partnership"],
                     start_date=start, end_date=start + timedelta(days=2))  # fmt: skip

    client = login_as(setting["head"] if "approvals" in url else setting["me"])
    add(3, 30)
    few = statements_for(client, url)
    add(27, 400)
    assert statements_for(client, url) == few
