"""Two submits of one application at the same moment (a double click, two tabs) give one
submission and one mail: the row lock lets one through and the other sees it done."""

import threading

import pytest
from sqlalchemy import func, select

from exchange.applications import services
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState as S
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.models import OutboxMessage
from exchange.transactions import commit
from tests.applications.helpers import TODAY, ready_application


def _submit_in_thread(app, application_id, barrier, results, errors):
    with app.app_context():
        try:
            application = db.session.get(Application, application_id)
            student = application.student
            barrier.wait(timeout=10)
            results.append(services.submit_application(application, actor=student, today=TODAY))
            commit()
        except Exception as exc:  # noqa: BLE001 - reported to the test thread below
            db.session.rollback()
            errors.append(exc)


@pytest.mark.parametrize("attempt", range(5))
def test_two_submits_at_once_give_one_submission_and_one_mail(app, mailbox, attempt):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "SQLite has no row locks (it ignores SELECT ... FOR UPDATE and lets one writer in "
            "at a time), so two truly concurrent submits can only be shown on PostgreSQL"
        )
    application = ready_application()
    student_email = application.student.email
    barrier, results, errors = threading.Barrier(2), [], []
    threads = [
        threading.Thread(target=_submit_in_thread,
                         args=(app, application.id, barrier, results, errors))
        for _ in range(2)
    ]  # fmt: skip

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    db.session.expire_all()

    assert errors == []
    assert sorted(results) == [False, True]
    assert db.session.get(Application, application.id).state == S.SUBMITTED
    submitted = select(func.count()).where(AuditEvent.action == "application.submitted")
    assert db.session.scalar(submitted) == 1
    queued = select(func.count()).where(OutboxMessage.recipient == student_email)
    assert db.session.scalar(queued) == 1
    assert len(mailbox.to(student_email)) == 1
