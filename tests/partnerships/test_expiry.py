"""Agreements expire by themselves after their last academic year: by command and on read."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships.expiry import current_academic_year, expire_due_partnerships
from exchange.partnerships.states import PartnershipState
from tests import factories as f


def test_academic_year_starts_in_september():
    assert current_academic_year(date(2026, 8, 31)) == 2025
    assert current_academic_year(date(2026, 9, 1)) == 2026


def test_expiry_moves_only_live_agreements_past_their_last_year():
    ended = f.partnership(title="Ended", first_year=2020, last_year=2024)
    suspended = f.partnership(title="Suspended and ended", first_year=2020, last_year=2024,
                              state=PartnershipState.SUSPENDED)  # fmt: skip
    running = f.partnership(title="Running", first_year=2024, last_year=2025)
    draft = f.partnership(title="Old draft", first_year=2020, last_year=2021,
                          state=PartnershipState.DRAFT)  # fmt: skip

    expired = expire_due_partnerships(date(2026, 3, 1))
    db.session.commit()

    assert {p.title for p in expired} == {"Ended", "Suspended and ended"}
    assert ended.state == PartnershipState.EXPIRED
    assert suspended.state == PartnershipState.EXPIRED
    assert running.state == PartnershipState.ACTIVE
    assert draft.state == PartnershipState.DRAFT
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "partnership.expired")
    ).all()
    assert sorted(e.object_id for e in events) == sorted([ended.id, suspended.id])
    assert [e.actor_id for e in events] == [None, None]
    assert sorted(e.before["state"] for e in events) == ["active", "suspended"]


def test_expire_agreements_command_reports_what_it_did(app):
    f.partnership(title="Nanotechnology 2018-2020", first_year=2018, last_year=2020)
    result = app.test_cli_runner().invoke(args=["exchange", "expire-agreements"])
    assert result.exit_code == 0
    assert "1 agreement(s) expired." in result.output
    assert "Nanotechnology 2018-2020" in result.output


def test_coordinator_dashboard_expires_on_read(login_as):
    old = f.partnership(title="Old agreement", first_year=2015, last_year=2016)
    login_as(f.coordinator()).get("/coordinator/")
    db.session.refresh(old)
    assert old.state == PartnershipState.EXPIRED
