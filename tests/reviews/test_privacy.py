"""Students never see reviewer names, scores, recommendations or comments: a marker written in
a review never appears in anything the owning student can reach (every student GET route of
the url_map, each of their notices, their mail)."""

from flask import url_for
from sqlalchemy import select

from exchange.extensions import db
from exchange.notifications.notices import Notice
from exchange.reviews import services
from tests import factories as f
from tests.reviews import factories as rf

MARKER = "ZQXJ-private-review-marker"
REVIEWER = "Dr Quentin Markerson"
# URL arguments the walk knows how to fill; a student route with another one fails the test.
KNOWN_SKIPS = {"token", "filename"}


def _story(login_as, phase):
    call = rf.review_call(phase=phase)
    crit = rf.criterion(call, name="Academic record")
    student = f.student(email=f"owner-{phase}@example.edu")
    application = rf.submitted_application(call, student=student)
    document = f.document(application=application)
    office = f.coordinator()
    reviewer = f.faculty(full_name=REVIEWER)
    if phase == "open":
        assignment = services.assign_reviewer(application, reviewer, actor=office)
        colleague = services.assign_reviewer(application, f.faculty(), actor=office)
        db.session.commit()
        services.declare_conflict(colleague, f"Conflict {MARKER}", actor=colleague.reviewer)
        db.session.commit()
        response = login_as(reviewer).post(f"/faculty/reviews/{assignment.id}", data={
            "version": 1, f"score_{crit.id}": 9, "recommendation": "strongly_support",
            "comment": f"Comment {MARKER}", "submit_review": "1"})  # fmt: skip
        assert response.status_code == 302
    else:
        rf.review(rf.assignment(application, reviewer), {crit: 9},
                  recommendation="strongly_support", comment=f"Comment {MARKER}")  # fmt: skip
    return student, application, document


def _student_urls(app, application, document, notices):
    values = {"application_id": application.id, "document_id": document.id,
              "program_id": application.choices[0].program_id}  # fmt: skip
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.endpoint.startswith(("student.", "notices.",
                                                                       "auth.")):  # fmt: skip
            continue
        args = set(rule.arguments)
        if args & KNOWN_SKIPS:
            continue
        if "notice_id" in args:
            for notice in notices:
                with app.test_request_context():
                    urls.append(url_for(rule.endpoint, notice_id=notice.id))
            continue
        assert args <= set(values), f"teach the privacy walk the arguments of {rule.rule}"
        with app.test_request_context():
            urls.append(url_for(rule.endpoint, **{a: values[a] for a in args}))
    return urls


def _walk(app, login_as, mailbox, phase):
    student, application, document = _story(login_as, phase)
    notices = db.session.scalars(select(Notice).where(Notice.recipient_id == student.id)).all()
    client = login_as(student)
    reached = 0
    for url in _student_urls(app, application, document, notices):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True) if response.status_code == 200 else ""
        for secret in (MARKER, REVIEWER, "Strongly support", "strongly_support"):
            assert secret not in body, (url, secret)
        reached += response.status_code == 200
    assert reached >= 5
    for notice in notices:
        assert MARKER not in f"{notice.title} {notice.body}" and REVIEWER not in notice.body
    for mail in mailbox.to(student.email):
        assert MARKER not in mail.as_string() and REVIEWER not in mail.as_string()


def test_marker_never_reaches_the_student_while_reviews_are_open(app, login_as, mailbox):
    _walk(app, login_as, mailbox, "open")


def test_marker_never_reaches_the_student_after_reviews_close(app, login_as, mailbox):
    _walk(app, login_as, mailbox, "closed")


def test_the_student_page_says_under_review(app, login_as):
    student, application, _document = _story(login_as, "closed")
    page = login_as(student).get(f"/student/applications/{application.id}").get_data(as_text=True)
    assert "Under review" in page
