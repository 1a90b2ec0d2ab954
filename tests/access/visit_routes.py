"""Routes of faculty visits (issue 7). Faculty reach their own visits and proposal form; another
person's visit answers 404 to a faculty member who is neither its proposer nor its unit's head.
Coordinators reach the approval screens of visits in their scope. Other roles stop at the gates.
"""

from tests.access.matrix import FORBIDDEN, HIDDEN, LOGIN, only, route


def _v(w):
    return {"visit_id": w["visit_submitted"].id}


def _approved(w):
    return {"visit_id": w["visit_approved"].id}


def _doc(w):
    return {"visit_id": w["visit_submitted"].id, "document_id": w["visit_document"].id}


def _faculty_hidden():
    return {"anonymous": LOGIN, "student": FORBIDDEN, "faculty": HIDDEN,
            "coordinator": FORBIDDEN, "admin": FORBIDDEN}  # fmt: skip


ROUTES = [
    route("faculty.visit_list", **only("faculty")),
    route("faculty.visit_create", **only("faculty")),
    route("faculty.visit_create", "POST", **only("faculty")),
    route("faculty.visit_detail", values=_v, **_faculty_hidden()),
    route("faculty.visit_edit", values=_v, **_faculty_hidden()),
    route("faculty.visit_edit", "POST", values=_v, **_faculty_hidden()),
    route("faculty.visit_submit", "POST", values=_v, **_faculty_hidden()),
    route("faculty.visit_cancel", values=_v, **_faculty_hidden()),
    route("faculty.visit_cancel", "POST", values=_v, **_faculty_hidden()),
    route("faculty.visit_document_upload", "POST", values=_v, **_faculty_hidden()),
    route("faculty.visit_document_remove", "POST", values=_doc, **_faculty_hidden()),
    route("faculty.visit_document_download", values=_doc, **_faculty_hidden()),
    route("faculty.visit_confirmation", values=_approved, **_faculty_hidden()),
    route("faculty.visit_report", values=_approved, **_faculty_hidden()),
    route("faculty.visit_report", "POST", values=_approved, **_faculty_hidden()),
    route("faculty.visit_approval_list", **only("faculty")),
    route("faculty.visit_approval_detail", values=_v, **_faculty_hidden()),
    route("faculty.visit_decide", "POST", values=_v, **_faculty_hidden()),
    route("coordinator.visit_approval_list", **only("coordinator")),
    route("coordinator.visit_approval_detail", values=_v, **only("coordinator")),
    route("coordinator.visit_decide", "POST", values=_v, **only("coordinator")),
    route("coordinator.visit_cancel", "POST", values=_approved, **only("coordinator")),
    route("coordinator.visit_document_download", values=_doc, **only("coordinator")),
    route("coordinator.visit_confirmation", values=_approved, **only("coordinator")),
]
