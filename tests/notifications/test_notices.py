"""notify(): one notice and one mail per person concerned, in the caller's transaction."""

import pytest
from sqlalchemy import delete, func, select

from exchange.accounts.models import User
from exchange.extensions import db
from exchange.notifications import notices
from exchange.notifications.models import OutboxMessage, OutboxState
from exchange.notifications.notices import Notice, NoticeError
from exchange.notifications.notify import absolute_url, notify, site_path
from exchange.transactions import commit
from tests import factories as f
from tests.db_refusals import refused_by_database


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _notify(recipients, **kw):
    defaults = dict(kind="application.submitted", title="Application submitted",
                    body="Your application to Cambridge was received.",
                    link="/student/applications/7")  # fmt: skip
    return notify(recipients, **(defaults | kw))


def test_notify_writes_a_notice_and_a_mail_per_distinct_active_recipient():
    student, coordinator = (
        f.student(email="layla@example.edu"),
        f.coordinator(email="omar@example.edu"),
    )
    gone = f.faculty(email="gone@example.edu", is_active=False)

    written = _notify([student, coordinator, student, gone, None])
    db.session.commit()

    assert sorted(n.recipient_id for n in written) == sorted([student.id, coordinator.id])
    rows = db.session.scalars(select(Notice).order_by(Notice.id)).all()
    assert [(n.recipient_id, n.kind, n.title, n.read_at) for n in rows] == [
        (student.id, "application.submitted", "Application submitted", None),
        (coordinator.id, "application.submitted", "Application submitted", None),
    ]
    outbox = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.recipient, m.subject) for m in outbox] == [
        ("layla@example.edu", "Application submitted"),
        ("omar@example.edu", "Application submitted"),
    ]


def test_notify_mail_carries_title_body_absolute_link_and_where_to_manage_notices():
    student = f.student(full_name="Layla Haddad")

    _notify([student])

    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.body.startswith("Hello Layla Haddad,\n\nApplication submitted\n")
    assert "Your application to Cambridge was received." in message.body
    assert "http://localhost/student/applications/7" in message.body
    assert "mark them read:\n\nhttp://localhost/notices/" in message.body


def test_notify_without_mail_writes_only_notices():
    _notify([f.student()], mail=False)

    assert (_count(Notice), _count(OutboxMessage)) == (1, 0)


def test_notify_passes_extra_context_to_a_specific_mail_template():
    student = f.student()

    _notify([student], mail_template="mail/password_reset.txt", hours=5)

    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert "expires in 5 hours" in message.body
    assert "http://localhost/student/applications/7" in message.body


def test_notify_records_the_object_it_is_about():
    program = f.program()

    [notice] = _notify([f.student()], obj=program)

    assert (notice.object_type, notice.object_id) == ("programs", program.id)


def test_notify_never_commits_so_a_rollback_leaves_no_notice_and_no_mail():
    student = f.student()

    _notify([student])
    db.session.rollback()

    assert (_count(Notice), _count(OutboxMessage)) == (0, 0)


def _healthz_replaced(app, monkeypatch, view):
    monkeypatch.setitem(app.view_functions, "auth.healthz", view)


def test_mail_reaches_the_smtp_server_after_the_view_commits(app, client, mailbox, monkeypatch):
    student_id = f.student(email="nadia@example.edu").id

    def view():
        _notify([db.session.get(User, student_id)], title="Offer received")
        commit()
        return "done"

    _healthz_replaced(app, monkeypatch, view)

    assert client.get("/healthz").get_data(as_text=True) == "done"
    [message] = mailbox.to("nadia@example.edu")
    assert message["Subject"] == "Offer received"
    assert "http://localhost/student/applications/7" in message.get_content()
    assert db.session.scalar(select(OutboxMessage.state)) == OutboxState.SENT
    assert _count(Notice) == 1


def test_a_request_that_fails_after_notify_leaves_no_notice_and_sends_no_mail(
    app, client, mailbox, monkeypatch
):
    student_id = f.student(email="nadia@example.edu").id

    def view():
        _notify([db.session.get(User, student_id)])
        raise RuntimeError("the change itself failed")

    _healthz_replaced(app, monkeypatch, view)

    assert client.get("/healthz").status_code == 500
    assert (_count(Notice), _count(OutboxMessage)) == (0, 0)
    assert mailbox.to("nadia@example.edu") == []


@pytest.mark.parametrize(
    "link",
    ["//evil.example", "https://evil.example/x", "/\\evil.example", "student/x", "/a b", " /x"],
)
def test_notify_refuses_a_link_that_is_not_a_path_on_this_site(link):
    with pytest.raises(NoticeError) as error:
        _notify([f.student()], link=link)

    assert error.value.field == "link"
    db.session.rollback()
    assert _count(Notice) == 0


@pytest.mark.parametrize("kind", ["", "submitted", "Application.Submitted", "application.", "a..b"])
def test_notify_refuses_a_kind_that_is_not_dotted_words(kind):
    with pytest.raises(NoticeError):
        _notify([f.student()], kind=kind)


def test_notify_refuses_an_empty_title():
    with pytest.raises(NoticeError):
        _notify([f.student()], title="  ")


def test_database_refuses_a_link_to_another_site():
    student = f.student()
    refused_by_database(
        Notice(recipient_id=student.id, kind="a.b", title="T", link="//evil.example")
    )


def test_database_refuses_half_an_object_reference():
    student = f.student()
    refused_by_database(
        Notice(recipient_id=student.id, kind="a.b", title="T", object_type="programs")
    )


def test_unread_count_counts_only_the_users_unread_notices():
    student, other = f.student(), f.student()
    f.notice(recipient=student)
    f.notice(recipient=student)
    f.notice(recipient=student, read_at=db.func.current_timestamp())
    f.notice(recipient=other)

    assert notices.unread_count(student) == 2


def test_mark_read_by_its_recipient_sets_read_at_once():
    student = f.student()
    notice = f.notice(recipient=student)

    assert notices.mark_read(notice, actor=student) is True
    first = notice.read_at
    assert notices.mark_read(notice, actor=student) is False

    assert first is not None and notice.read_at == first


def test_mark_read_by_someone_else_is_refused():
    notice = f.notice(recipient=f.student())

    with pytest.raises(NoticeError):
        notices.mark_read(notice, actor=f.student())

    assert notice.read_at is None


def test_mark_all_read_touches_only_the_users_notices():
    student, other = f.student(), f.student()
    for _ in range(3):
        f.notice(recipient=student)
    theirs = f.notice(recipient=other)

    assert notices.mark_all_read(student) == 3
    db.session.commit()

    assert notices.unread_count(student) == 0
    assert db.session.get(Notice, theirs.id).read_at is None


def test_notices_go_with_their_recipient():
    student = f.student()
    f.notice(recipient=student)

    db.session.execute(delete(User).where(User.id == student.id))
    db.session.commit()

    assert _count(Notice) == 0


def test_site_path_and_absolute_url_work_without_a_request():
    assert site_path("notices.notice_open", notice_id=4) == "/notices/4"
    assert absolute_url("/notices/4") == "http://localhost/notices/4"


def test_absolute_url_keeps_a_public_url_path_prefix(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://uni.example/exchange/")

    assert absolute_url("/notices/") == "https://uni.example/exchange/notices/"


def test_notify_keeps_a_long_or_multiline_title_on_one_short_line():
    [notice] = _notify([f.student()], title="Offer for\nA" + "b" * 300)

    assert notice.title.startswith("Offer for Ab")
    assert len(notice.title) == 200 and notice.title.endswith("…")
    assert db.session.scalar(select(OutboxMessage.subject)) == notice.title


def test_the_list_query_agrees_with_the_policy():
    from exchange.notifications.policy import can_open_notice

    people = [f.student(), f.faculty(), f.coordinator()]
    for person in people:
        f.notice(recipient=person)
        f.notice(recipient=person, read_at=db.func.current_timestamp())
    everything = db.session.scalars(select(Notice)).all()

    for person in people:
        listed = set(db.session.scalars(notices.notices_for(person)).all())
        assert listed == {n for n in everything if can_open_notice(person, n)}
        assert len(listed) == 2
