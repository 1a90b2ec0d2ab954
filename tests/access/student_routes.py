"""Routes of the student area: the catalogue, a program's page and the language profile."""

from tests.access.matrix import FORBIDDEN, HIDDEN, LOGIN, only, route

ROUTES = [
    route("student.catalogue", **only("student")),
    route("student.program_detail",
          values=lambda w: {"program_id": w["program"].id}, **only("student")),
    # A draft call does not exist for students; other roles are stopped at the area's gate.
    route("student.program_detail",
          values=lambda w: {"program_id": w["draft_program"].id},
          anonymous=LOGIN, student=HIDDEN, faculty=FORBIDDEN, coordinator=FORBIDDEN,
          admin=FORBIDDEN),
    route("student.profile", **only("student")),
    route("student.profile", "POST", data=lambda w: {"language": "de", "level": "B1"},
          **only("student")),
]  # fmt: skip


# The student's applications (issue 4). Routes with ids use another student's draft (and, for
# reopen, another student's submitted application): for a student visitor they do not exist.
def _draft(w):
    return {"application_id": w["foreign_draft"].id}


def _submitted(w):
    return {"application_id": w["office_application"].id}


def _document(w):
    return {"application_id": w["foreign_draft"].id,
            "document_id": w["foreign_draft_document"].id}  # fmt: skip


HIDDEN_FOR_STUDENTS = dict(anonymous=LOGIN, student=HIDDEN, faculty=FORBIDDEN,
                           coordinator=FORBIDDEN, admin=FORBIDDEN)  # fmt: skip

ROUTES += [
    # The matrix's program is in no call: the student is sent back to it with the reason.
    route("student.application_start", "POST",
          values=lambda w: {"program_id": w["program"].id}, **only("student")),
    route("student.application_list", **only("student")),
    route("student.application_detail", values=_draft, **HIDDEN_FOR_STUDENTS),
    route("student.application_edit", values=_draft, **HIDDEN_FOR_STUDENTS),
    route("student.application_edit", "POST", values=_draft,
          data=lambda w: {"motivation": "Not mine"}, **HIDDEN_FOR_STUDENTS),
    route("student.application_submit", "POST", values=_draft, **HIDDEN_FOR_STUDENTS),
    route("student.application_submitted", values=_submitted, **HIDDEN_FOR_STUDENTS),
    route("student.application_reopen", "POST", values=_submitted, **HIDDEN_FOR_STUDENTS),
    route("student.application_withdraw", values=_draft, **HIDDEN_FOR_STUDENTS),
    route("student.application_withdraw", "POST", values=_draft,
          data=lambda w: {"reason": "Not mine"}, **HIDDEN_FOR_STUDENTS),
    route("student.application_document_download", values=_document, **HIDDEN_FOR_STUDENTS),
    route("student.application_document_upload", "POST",
          values=lambda w: {"application_id": w["office_application"].id,
                            "doc_type": "transcript"}, **HIDDEN_FOR_STUDENTS),
]  # fmt: skip
