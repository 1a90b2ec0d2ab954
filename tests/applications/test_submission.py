"""Application services from submission on: submit, reopen, withdraw, notices, timeline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from exchange.applications import services
from exchange.applications.errors import ApplicationError
from exchange.applications.signals import state_changed
from exchange.applications.states import ApplicationState as S
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.transactions import commit
from tests import factories as f
from tests.applications.helpers import (
    TODAY,
    eligible_student,
    open_call,
    ready_application,
    submitted_application,
)
from tests.applications.service_helpers import audit_actions, mails_to

# --- submission -----------------------------------------------------------------------------


def test_submit_freezes_copies_gpa_audits_notifies_and_mails(mailbox):
    application = ready_application()
    student = application.student

    done = services.submit_application(application, actor=student, today=TODAY)
    commit()
    db.session.expire_all()

    assert done is True
    assert application.state == S.SUBMITTED
    assert application.gpa_at_submission == Decimal("3.50")
    assert application.submitted_at is not None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.submitted")
    ).one()
    assert event.after == {"state": "submitted", "gpa_at_submission": "3.50",
                           "choices": [c.program_id for c in application.choices]}  # fmt: skip
    mails = mailbox.to(student.email)
    assert [m["Subject"] for m in mails] == [f"Application submitted: {application.call.title}"]
    assert application.choices[0].program.title in mails[0].get_content()
    from exchange.notifications.notices import Notice

    notice = db.session.scalars(select(Notice).where(Notice.recipient_id == student.id)).one()
    assert (notice.kind, notice.object_id) == ("application.submitted", application.id)


def test_submit_twice_gives_one_submission_and_one_mail():
    application = ready_application()

    first = services.submit_application(application, actor=application.student, today=TODAY)
    second = services.submit_application(application, actor=application.student, today=TODAY)
    db.session.commit()

    assert (first, second) == (True, False)
    assert audit_actions(application).count("application.submitted") == 1
    assert len(mails_to(application.student)) == 1


def test_submit_refuses_an_incomplete_draft_and_lists_what_is_missing():
    call, programs = open_call(1)
    student = eligible_student()
    application = services.start_application(student, call, actor=student)
    services.save_draft(application, actor=student, choices=[(programs[0].id, "Why.")],
                        language="en", cefr="B2")  # fmt: skip
    db.session.commit()

    with pytest.raises(ApplicationError) as error:
        services.submit_application(application, actor=student, today=TODAY)
    db.session.rollback()

    assert error.value.field == "checklist"
    assert error.value.items == [
        "Upload your Transcript of records.",
        "Upload your Motivation letter.",
    ]
    assert application.state == S.DRAFT
    assert mails_to(student) == []


def test_submit_refuses_after_a_choice_closed():
    application = ready_application()
    day_after = application.effective_deadline() + timedelta(days=1)

    with pytest.raises(ApplicationError) as error:
        services.submit_application(application, actor=application.student, today=day_after)
    db.session.rollback()

    assert any("is not open" in item for item in error.value.items)
    assert application.state == S.DRAFT


def test_submit_refuses_when_not_eligible():
    application = ready_application()
    application.student.gpa = None
    application.choices[0].program.min_gpa = Decimal("2.00")
    db.session.commit()

    with pytest.raises(ApplicationError) as error:
        services.submit_application(application, actor=application.student, today=TODAY)
    db.session.rollback()

    assert any(item.startswith("Not eligible for choice 1") for item in error.value.items)


def test_effective_deadline_is_the_earliest_closing_day_of_the_choices():
    application = ready_application()
    first, second = (c.program for c in application.choices)
    second.closes_on = first.closes_on - timedelta(days=3)
    db.session.commit()

    assert application.effective_deadline() == second.closes_on


# --- reopening ------------------------------------------------------------------------------


def test_reopen_returns_to_draft_when_the_call_allows_it():
    application = submitted_application(allow_reopen=True)

    services.reopen_application(application, actor=application.student, today=TODAY)
    db.session.commit()
    db.session.expire_all()

    assert application.state == S.DRAFT
    assert (application.submitted_at, application.gpa_at_submission) == (None, None)
    assert audit_actions(application)[-1] == "application.draft"
    assert [m.subject for m in mails_to(application.student)][-1].startswith("Application reopened")
    # It must be submitted again, and can be.
    assert services.submit_application(application, actor=application.student, today=TODAY)


def test_reopen_is_refused_when_the_call_does_not_allow_it():
    application = submitted_application(allow_reopen=False)

    with pytest.raises(ApplicationError, match="does not allow"):
        services.reopen_application(application, actor=application.student, today=TODAY)
    assert application.state == S.SUBMITTED


def test_reopen_is_refused_after_the_deadline():
    application = submitted_application(allow_reopen=True)
    late = application.effective_deadline() + timedelta(days=1)

    with pytest.raises(ApplicationError, match="deadline has passed"):
        services.reopen_application(application, actor=application.student, today=late)
    assert application.state == S.SUBMITTED


def test_reopen_is_refused_for_a_draft():
    application = ready_application(allow_reopen=True)

    with pytest.raises(ApplicationError, match="Only a submitted"):
        services.reopen_application(application, actor=application.student, today=TODAY)


# --- withdrawal -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.PLACED])
def test_withdraw_records_reason_time_audit_mail_and_signal(state):
    application = f.application(state=state)
    received = []

    def receiver(sender, **kw):
        received.append((sender.id, kw["previous"], kw["target"]))

    with state_changed.connected_to(receiver):
        services.withdraw_application(application, actor=application.student,
                                      reason="  I got a job.  ")  # fmt: skip
    db.session.commit()
    db.session.expire_all()

    assert application.state == S.WITHDRAWN
    assert application.withdraw_reason == "I got a job."
    assert application.withdrawn_at is not None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.withdrawn")
    ).one()
    assert (event.before, event.note) == ({"state": state.value}, "I got a job.")
    assert received == [(application.id, state, S.WITHDRAWN)]
    mail = mails_to(application.student)[-1]
    assert "I got a job." in mail.body


def test_withdraw_without_a_reason_is_fine():
    application = f.application(state=S.SUBMITTED)

    services.withdraw_application(application, actor=application.student)
    db.session.commit()

    assert (application.state, application.withdraw_reason) == (S.WITHDRAWN, None)


@pytest.mark.parametrize("state", [S.WITHDRAWN, S.CANCELLED, S.DECLINED, S.EXPIRED])
def test_withdraw_is_refused_in_a_final_state(state):
    application = f.application(state=state)

    with pytest.raises(ApplicationError, match="cannot be withdrawn"):
        services.withdraw_application(application, actor=application.student, reason="x")
    db.session.rollback()
    assert application.state == state
    assert mails_to(application.student) == []


def test_submission_mail_links_to_the_application_and_to_the_notices():
    application = ready_application()

    services.submit_application(application, actor=application.student, today=TODAY)
    db.session.commit()

    mails = mails_to(application.student)
    assert [m.subject for m in mails] == [f"Application submitted: {application.call.title}"]
    assert f"http://localhost/student/applications/{application.id}" in mails[0].body
    assert "http://localhost/notices/" in mails[0].body


def test_timeline_lists_every_change_of_the_application_and_its_documents():
    from exchange.applications.queries import timeline

    application = submitted_application(allow_reopen=True)
    services.withdraw_application(application, actor=application.student, reason="Plans changed")
    db.session.commit()

    actions = [event.action for event in timeline(application)]

    assert actions == [
        "application.start",
        "application.save_draft",
        "application_document.upload",
        "application_document.upload",
        "application.submitted",
        "application.withdrawn",
    ]


def test_submit_tells_the_coordinators_in_scope_in_the_app_without_mail():
    from exchange.accounts.models import CoordinatorScope, User
    from exchange.accounts.roles import Role
    from exchange.notifications.notices import Notice

    application = ready_application()
    unit = f.org_unit(name="Department of Physics")
    application.choices[0].program.partnership.org_unit_id = unit.id
    already = set(db.session.scalars(select(User.id)))
    office = f.coordinator()
    scoped_here, scoped_elsewhere = f.coordinator(), f.coordinator()
    db.session.add(CoordinatorScope(user_id=scoped_here.id, org_unit_id=unit.id))
    db.session.add(CoordinatorScope(user_id=scoped_elsewhere.id, org_unit_id=f.org_unit().id))
    db.session.commit()
    earlier_coordinators = {
        u.id for u in db.session.scalars(select(User)) if u.id in already and
        u.has_role(Role.COORDINATOR) and not u.scope_unit_ids
    }  # fmt: skip

    services.submit_application(application, actor=application.student, today=TODAY)
    db.session.commit()

    told = set(
        db.session.scalars(select(Notice.recipient_id).where(Notice.kind == "application.received"))
    )
    assert told == {office.id, scoped_here.id} | earlier_coordinators
    assert mails_to(office) == []
    notice = db.session.scalar(select(Notice).where(Notice.recipient_id == office.id))
    assert notice.link == f"/coordinator/applications/{application.id}"
    assert application.student.full_name in notice.title


def test_withdrawing_a_submitted_application_tells_the_office_but_a_draft_does_not():
    from exchange.notifications.notices import Notice

    office = f.coordinator()
    submitted = submitted_application()
    draft = ready_application()

    services.withdraw_application(submitted, actor=submitted.student, reason="Staying home")
    services.withdraw_application(draft, actor=draft.student)
    db.session.commit()

    withdrawn = db.session.scalars(
        select(Notice).where(
            Notice.kind == "application.withdrawn", Notice.recipient_id == office.id
        )
    ).all()
    assert [n.object_id for n in withdrawn] == [submitted.id]
    assert withdrawn[0].link == f"/coordinator/applications/{submitted.id}"
    assert mails_to(office) == []
