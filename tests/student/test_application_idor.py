"""A second student cannot read, edit, submit, reopen, withdraw, upload to or download
anything of the first: every address answers 404 (never 403) and nothing changes."""

import io

import pytest
from sqlalchemy import func, select

from exchange.applications.models import Application, ApplicationChoice, ApplicationDocument
from exchange.applications.states import ApplicationState as S
from exchange.audit import AuditEvent
from exchange.extensions import db
from tests import factories as f
from tests.applications.helpers import ready_application, submitted_application


def _state(application_id: int) -> dict:
    """Everything the intruder might change, read fresh from the database."""
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    return {
        "row": (application.state, application.motivation, application.language,
                application.language_level, application.version, application.submitted_at,
                application.withdraw_reason),
        "choices": [(c.rank, c.program_id, c.motivation) for c in application.choices],
        "documents": [(d.id, d.filename, d.status) for d in application.documents],
        "audit": db.session.scalar(select(func.count()).select_from(AuditEvent)),
        "counts": (db.session.scalar(select(func.count()).select_from(ApplicationChoice)),
                   db.session.scalar(select(func.count()).select_from(ApplicationDocument))),
    }  # fmt: skip


def _requests(application, document):
    a, d = application.id, document.id
    pdf = lambda: (io.BytesIO(f.PDF_BYTES), "mine-now.pdf")  # noqa: E731 - a fresh stream per use
    edit = {"version": str(application.version), "motivation": "Hijacked",
            "choice_program": [str(c.program_id) for c in application.choices],
            "choice_motivation": ["x" for _c in application.choices]}  # fmt: skip
    return [
        ("GET", f"/student/applications/{a}", None),
        ("GET", f"/student/applications/{a}/edit", None),
        ("GET", f"/student/applications/{a}/submitted", None),
        ("GET", f"/student/applications/{a}/withdraw", None),
        ("GET", f"/student/applications/{a}/documents/{d}", None),
        ("POST", f"/student/applications/{a}/edit", edit),
        ("POST", f"/student/applications/{a}/edit", edit | {"action": "remove:0"}),
        ("POST", f"/student/applications/{a}/edit", edit | {"action": f"remove_document:{d}"}),
        ("POST", f"/student/applications/{a}/edit", edit | {"document-cv": pdf()}),
        ("POST", f"/student/applications/{a}/submit", edit),
        ("POST", f"/student/applications/{a}/reopen", {}),
        ("POST", f"/student/applications/{a}/withdraw", {"reason": "not mine"}),
        ("POST", f"/student/applications/{a}/documents/transcript", {"document": pdf()}),
    ]


@pytest.mark.parametrize("kind", ["draft", "submitted"])
def test_second_student_gets_404_everywhere_and_changes_nothing(login_as, kind):
    application = ready_application() if kind == "draft" else submitted_application(
        allow_reopen=True)  # fmt: skip
    document = application.current_documents[0]
    intruder = f.student(org_unit=application.student.org_unit)
    f.student_language(intruder, "en", "C2")
    before = _state(application.id)
    client = login_as(intruder)

    answers = [
        (method, url, client.open(url, method=method, data=data).status_code)
        for method, url, data in _requests(application, document)
    ]

    assert [a for a in answers if a[2] != 404] == []
    assert _state(application.id) == before


def test_someone_elses_document_under_my_own_application_is_404(login_as):
    mine = ready_application()
    theirs = ready_application()
    their_document = theirs.current_documents[0]

    response = login_as(mine.student).get(
        f"/student/applications/{mine.id}/documents/{their_document.id}"
    )

    assert response.status_code == 404
    assert their_document.filename.encode() not in response.data


def test_removing_someone_elses_document_through_my_own_draft_changes_nothing(login_as):
    mine = ready_application()
    theirs = ready_application()
    their_document = theirs.current_documents[0]
    before = _state(theirs.id)
    form = {"version": str(mine.version), "motivation": mine.motivation, "language": "en",
            "cefr": "B2", "choice_program": [str(c.program_id) for c in mine.choices],
            "action": f"remove_document:{their_document.id}"}  # fmt: skip

    login_as(mine.student).post(f"/student/applications/{mine.id}/edit", data=form)

    assert _state(theirs.id)["documents"] == before["documents"]
    assert db.session.get(Application, mine.id).state == S.DRAFT


def test_my_applications_never_lists_another_students(login_as):
    theirs = submitted_application()
    intruder = f.student()

    page = login_as(intruder).get("/student/applications").get_data(as_text=True)

    assert theirs.call.title not in page
    assert "You have not applied to anything yet." in page
