"""The office's view of a call's applications: filters, counts, detail, documents, rejection."""

import html
import re
from decimal import Decimal

from sqlalchemy import select

from exchange.accounts.models import CoordinatorScope
from exchange.accounts.roles import StudyLevel
from exchange.applications import documents
from exchange.applications.models import ApplicationDocument
from exchange.applications.states import DocumentStatus
from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.notifications.notices import Notice
from tests import factories as f
from tests.applications.helpers import MAX, submitted_application
from tests.queries import statements_as_rows_grow


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _submitted(call, program, *, name, state="submitted", **student_kw):
    student = f.student(full_name=name, **student_kw)
    application = f.application(call=call, student=student, state=state)
    f.choice(application=application, program=program, rank=1)
    return application


def _listed(response) -> set[str]:
    """The students whose applications the list links to."""
    return set(re.findall(r'href="/coordinator/applications/\d+">([^<]+)</a>', _text(response)))


def _scoped(unit):
    coordinator = f.coordinator()
    coordinator.scope_rows = [CoordinatorScope(org_unit_id=unit.id)]
    db.session.commit()
    return coordinator


def _arrange_call():
    """A call with two programs and applicants in two units and at two levels."""
    physics, history = f.org_unit(name="Physics"), f.org_unit(name="History")
    call = f.call(title="Erasmus+ 2026")
    lund, porto = f.program(call=call, title="Lund"), f.program(call=call, title="Porto")
    apps = {
        "amina": _submitted(call, lund, name="Amina", org_unit=physics),
        "bruno": _submitted(
            call, porto, name="Bruno", org_unit=history, study_level=StudyLevel.MASTER
        ),  # fmt: skip
        "chen": _submitted(call, porto, name="Chen", org_unit=physics, state="under_review"),
    }
    f.choice(application=apps["amina"], program=porto, rank=2)
    f.application(call=call, student=f.student(full_name="Dalia draft"))  # never submitted
    f.application(call=f.call(), student=f.student(full_name="Other call"), state="submitted")
    return call, {"lund": lund, "porto": porto, "physics": physics, "history": history}, apps


def test_application_list_filters_return_exactly_the_expected_applications(login_as):
    call, things, _apps = _arrange_call()
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{call.id}/applications"

    assert _listed(client.get(url)) == {"Amina", "Bruno", "Chen"}
    assert _listed(client.get(url + "?state=under_review")) == {"Chen"}
    assert _listed(client.get(url + f"?program={things['lund'].id}")) == {"Amina"}
    assert _listed(client.get(url + f"?program={things['porto'].id}")) == {"Amina", "Bruno",
                                                                          "Chen"}  # fmt: skip
    assert _listed(client.get(url + f"?unit={things['physics'].id}")) == {"Amina", "Chen"}
    assert _listed(client.get(url + "?level=7")) == {"Bruno"}
    assert _listed(client.get(url + f"?unit={things['physics'].id}&state=submitted")) == {"Amina"}
    assert _listed(client.get(url + "?level=8")) == set()
    assert "No application matches these filters." in _text(client.get(url + "?level=8"))


def test_application_list_unit_filter_includes_departments_of_a_faculty(login_as):
    faculty = f.org_unit(name="Faculty of Science", kind="faculty")
    department = f.org_unit(name="Chemistry", parent_id=faculty.id)
    call = f.call()
    program = f.program(call=call)
    _submitted(call, program, name="Eva", org_unit=department)
    _submitted(call, program, name="Farid", org_unit=f.org_unit(name="Law"))
    client = login_as(f.coordinator())

    response = client.get(f"/coordinator/calls/{call.id}/applications?unit={faculty.id}")

    assert _listed(response) == {"Eva"}


def test_application_list_counts_per_state_under_the_other_filters(login_as):
    call, things, _apps = _arrange_call()
    client = login_as(f.coordinator())

    everything = _text(client.get(f"/coordinator/calls/{call.id}/applications"))
    physics = _text(client.get(
        f"/coordinator/calls/{call.id}/applications?unit={things['physics'].id}&state=submitted"
    ))  # fmt: skip

    def bar(text):
        return " ".join(text.split('aria-label="Applications per status"')[1]
                        .split("</nav>")[0].split())  # fmt: skip

    assert 'All <span class="badge text-bg-light ms-1">3</span>' in bar(everything)
    assert 'Submitted <span class="badge text-bg-primary ms-1">2</span>' in bar(everything)
    assert 'Under review <span class="badge text-bg-info ms-1">1</span>' in bar(everything)
    assert "Draft" not in bar(everything)
    # Under the unit filter the bar still counts every state, so another can be chosen.
    assert 'All <span class="badge text-bg-light ms-1">2</span>' in bar(physics)
    assert "Under review" in bar(physics)


def test_application_list_without_submissions_says_what_to_expect(login_as):
    call = f.call()
    f.application(call=call)  # a draft

    response = login_as(f.coordinator()).get(f"/coordinator/calls/{call.id}/applications")

    assert "No applications submitted yet." in _text(response)


def test_application_list_runs_a_constant_number_of_queries(login_as):
    call = f.call()
    programs = [f.program(call=call, org_units=[f.org_unit()]) for _ in range(3)]
    client = login_as(f.coordinator())
    url = f"/coordinator/calls/{call.id}/applications"

    def add(count):
        for n in range(count):
            application = _submitted(call, programs[n % 3], name=f"Student {n}")
            f.choice(application=application, program=programs[(n + 1) % 3], rank=2)
            f.document(application=application)

    with_3, with_30 = statements_as_rows_grow(client, url, add)
    assert with_3 == with_30


def test_application_detail_shows_record_choices_answers_documents_and_timeline(login_as):
    application = submitted_application()
    student = application.student
    student.gpa = Decimal("3.80")  # changed after submission
    db.session.commit()
    client = login_as(f.coordinator())

    text = _text(client.get(f"/coordinator/applications/{application.id}"))

    assert student.full_name in text
    assert student.org_unit.name in text
    assert "Bachelor (EQF 6)" in text
    assert "GPA at submission</dt><dd>3.50" in text
    assert "GPA recorded now</dt><dd>3.80" in text
    for choice in application.choices:
        assert choice.program.title in text
    assert text.count("Meets the requirements") == 2
    assert "I want to study abroad." in text
    assert "English: <strong>B2</strong>" in text
    assert "transcript.pdf" in text and "motivation.pdf" in text
    assert text.count("Reject…") == 2
    assert "Application started" in text
    assert "Document uploaded" in text
    assert "Status changed" in text


def test_application_detail_of_a_draft_is_not_found(login_as):
    draft = f.application()

    response = login_as(f.coordinator()).get(f"/coordinator/applications/{draft.id}")

    assert response.status_code == 404


def test_document_download_is_an_attachment_with_safe_headers(login_as):
    application = submitted_application()
    document = application.current_documents[0]
    client = login_as(f.coordinator())

    response = client.get(f"/coordinator/applications/{application.id}/documents/{document.id}")

    assert response.status_code == 200
    assert response.data == f.PDF_BYTES
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_document_of_another_application_is_not_found(login_as):
    application = submitted_application()
    other = f.document(application=f.application(state="submitted"))
    client = login_as(f.coordinator())

    response = client.get(f"/coordinator/applications/{application.id}/documents/{other.id}")

    assert response.status_code == 404


def test_student_and_faculty_cannot_download_another_students_document(login_as):
    application = submitted_application()
    document = application.current_documents[0]
    url = f"/coordinator/applications/{application.id}/documents/{document.id}"

    for visitor in (f.student(), f.faculty()):
        response = login_as(visitor).get(url)

        assert response.status_code == 403
        assert f.PDF_BYTES not in response.data


def test_scoped_coordinator_sees_only_applications_in_scope(login_as):
    mine, theirs = f.org_unit(name="Engineering"), f.org_unit(name="Medicine")
    call = f.call()
    own = f.program(call=call, partnership=f.partnership(org_unit=mine))
    foreign = f.program(call=call, partnership=f.partnership(org_unit=theirs))
    _submitted(call, own, name="Inside")
    outside = _submitted(call, foreign, name="Outside")
    document = f.document(application=outside, filename="secret-transcript.pdf")
    client = login_as(_scoped(mine))

    listing = client.get(f"/coordinator/calls/{call.id}/applications")
    detail = client.get(f"/coordinator/applications/{outside.id}")
    download = client.get(f"/coordinator/applications/{outside.id}/documents/{document.id}")
    reject = client.post(
        f"/coordinator/applications/{outside.id}/documents/{document.id}/reject",
        data={"reason": "Not yours to judge."},
    )

    assert _listed(listing) == {"Inside"}
    assert "All <span" in _text(listing) and ">1</span>" in _text(listing)
    assert (detail.status_code, download.status_code, reject.status_code) == (404, 404, 404)
    assert f.PDF_BYTES not in download.data
    db.session.refresh(document)
    assert document.status == DocumentStatus.CURRENT


def test_document_reject_requires_a_reason_and_changes_nothing_without_one(login_as):
    application = submitted_application()
    document = application.current_documents[0]
    client = login_as(f.coordinator())
    url = f"/coordinator/applications/{application.id}/documents/{document.id}/reject"

    form = _text(client.get(url))
    response = client.post(url, data={"reason": "   "})

    db.session.refresh(document)
    assert document.filename in form and "data-confirm=" in form
    assert response.status_code == 422
    assert 'id="reason-error">Say why the file is rejected; the student reads it.' in _text(
        response
    )
    assert document.status == DocumentStatus.CURRENT
    assert (
        db.session.scalars(
            select(Notice).where(Notice.kind == "application.document_rejected")
        ).all()
        == []
    )


def test_document_reject_notifies_the_student_and_shows_the_replacement(login_as, mailbox):
    application = submitted_application()
    student = application.student
    document = application.current_document("transcript")
    coordinator = f.coordinator()
    client = login_as(coordinator)
    mailbox.clear()

    response = client.post(
        f"/coordinator/applications/{application.id}/documents/{document.id}/reject",
        data={"reason": "The transcript must carry the registrar's stamp."},
    )

    db.session.refresh(document)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coordinator/applications/{application.id}"
                                                 "#documents")  # fmt: skip
    assert document.status == DocumentStatus.REJECTED
    assert document.rejected_by_id == coordinator.id
    [mail] = [m for m in mailbox.to(student.email) if "replace" in m["Subject"]]
    assert "registrar's stamp" in mail.get_content()
    [notice] = db.session.scalars(
        select(Notice).where(
            Notice.recipient_id == student.id, Notice.kind == "application.document_rejected"
        )
    ).all()
    assert "registrar's stamp" in notice.body
    rejected_page = _text(client.get(f"/coordinator/applications/{application.id}"))
    assert ">Rejected<" in rejected_page
    assert "Waiting for the student to upload a new file." in rejected_page
    assert "Document rejected" in rejected_page

    new = documents.upload_document(application, "transcript", "transcript-stamped.pdf",
                                    f.PDF_BYTES, actor=student, max_bytes=MAX)  # fmt: skip
    db.session.commit()
    replaced_page = _text(client.get(f"/coordinator/applications/{application.id}"))

    db.session.refresh(document)
    assert document.status == DocumentStatus.REPLACED
    assert "Replaced by transcript-stamped.pdf" in replaced_page
    assert "Waiting for the student" not in replaced_page
    assert f"/documents/{new.id}/reject" in replaced_page  # the new one is current
    assert f"/documents/{document.id}/reject" not in replaced_page
    assert "Document replaced" in replaced_page


def test_document_reject_of_a_file_no_longer_current_changes_nothing(login_as):
    application = submitted_application()
    document = application.current_document("transcript")
    documents.reject_document(document, actor=f.coordinator(), reason="Blurred scan.")
    db.session.commit()
    client = login_as(f.coordinator())

    response = client.post(
        f"/coordinator/applications/{application.id}/documents/{document.id}/reject",
        data={"reason": "Again."},
    )

    db.session.refresh(document)
    assert response.status_code == 302
    assert document.rejected_reason == "Blurred scan."
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application_document.reject")
    ).all()
    assert len(events) == 1
    page = _text(client.get(f"/coordinator/applications/{application.id}"))
    assert "This file can no longer be rejected" in page


def test_document_reject_is_not_offered_for_a_withdrawn_application(login_as):
    application = submitted_application()
    from exchange.applications.services import withdraw_application

    withdraw_application(application, actor=application.student, reason="Staying home.")
    db.session.commit()

    text = _text(login_as(f.coordinator()).get(f"/coordinator/applications/{application.id}"))

    assert "Reject…" not in text
    assert "Staying home." in text
    assert db.session.scalar(select(ApplicationDocument).limit(1)).status == DocumentStatus.CURRENT


def test_application_list_pages_and_a_page_past_the_end_shows_the_last(app, login_as):
    call = f.call()
    program = f.program(call=call)
    for name in ("Ann", "Ben", "Cem"):
        _submitted(call, program, name=name)
    client = login_as(f.coordinator())
    app.config["PAGE_SIZE"] = 2
    try:
        first = client.get(f"/coordinator/calls/{call.id}/applications")
        second = client.get(f"/coordinator/calls/{call.id}/applications?page=2")
        beyond = client.get(f"/coordinator/calls/{call.id}/applications?page=9")
    finally:
        app.config["PAGE_SIZE"] = 20

    assert len(_listed(first)) == 2
    assert "Page 1 of 2" in _text(first)
    assert len(_listed(second)) == 1
    assert _listed(first) | _listed(second) == {"Ann", "Ben", "Cem"}
    assert _listed(beyond) == _listed(second)
