"""Routes of the student area: the catalogue, a program's page and the language profile."""

from tests.access.matrix import Area, hidden_for, ids, only

student = Area(only("student"))
not_theirs = Area(hidden_for("student"))

ROUTES = [
    student("student.catalogue"),
    student("student.program_detail", values=ids(program_id="program")),
    # A draft call does not exist for students; other roles are stopped at the area's gate.
    not_theirs("student.program_detail", values=ids(program_id="draft_program")),
    student("student.profile"),
    student("student.profile", "POST", data=lambda w: {"language": "de", "level": "B1"}),
]


# The student's applications (issue 4). Routes with ids use another student's draft (and, for
# reopen, another student's submitted application): for a student visitor they do not exist.
_draft = ids(application_id="foreign_draft")
_submitted = ids(application_id="office_application")

ROUTES += [
    # The matrix's program is in no call: the student is sent back to it with the reason.
    student("student.application_start", "POST", values=ids(program_id="program")),
    student("student.application_list"),
    not_theirs("student.application_detail", values=_draft),
    *not_theirs.form("student.application_edit", values=_draft,
                     data=lambda w: {"motivation": "Not mine"}),
    not_theirs("student.application_submit", "POST", values=_draft),
    not_theirs("student.application_submitted", values=_submitted),
    not_theirs("student.application_reopen", "POST", values=_submitted),
    *not_theirs.form("student.application_withdraw", values=_draft,
                     data=lambda w: {"reason": "Not mine"}),
    not_theirs("student.application_document_download",
               values=ids(application_id="foreign_draft", document_id="foreign_draft_document")),
    not_theirs("student.application_document_upload", "POST",
               values=lambda w: {"application_id": w["office_application"].id,
                                 "doc_type": "transcript"}),
]  # fmt: skip
