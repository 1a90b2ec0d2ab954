"""Routes of faculty visits (issue 7). Faculty reach their own visits and proposal form; another
person's visit answers 404 to a faculty member who is neither its proposer nor its unit's head.
Coordinators reach the approval screens of visits in their scope. Other roles stop at the gates.
"""

from tests.access.matrix import Area, hidden_for, ids, only

faculty = Area(only("faculty"))
not_theirs = Area(hidden_for("faculty"))
coordinator = Area(only("coordinator"))

_v = ids(visit_id="visit_submitted")
_approved = ids(visit_id="visit_approved")
_doc = ids(visit_id="visit_submitted", document_id="visit_document")

ROUTES = [
    faculty("faculty.visit_list"),
    *faculty.form("faculty.visit_create"),
    not_theirs("faculty.visit_detail", values=_v),
    *not_theirs.form("faculty.visit_edit", values=_v),
    not_theirs("faculty.visit_submit", "POST", values=_v),
    *not_theirs.form("faculty.visit_cancel", values=_v),
    not_theirs("faculty.visit_document_upload", "POST", values=_v),
    not_theirs("faculty.visit_document_remove", "POST", values=_doc),
    not_theirs("faculty.visit_document_download", values=_doc),
    not_theirs("faculty.visit_confirmation", values=_approved),
    *not_theirs.form("faculty.visit_report", values=_approved),
    faculty("faculty.visit_approval_list"),
    not_theirs("faculty.visit_approval_detail", values=_v),
    not_theirs("faculty.visit_decide", "POST", values=_v),
    coordinator("coordinator.visit_approval_list"),
    coordinator("coordinator.visit_approval_detail", values=_v),
    coordinator("coordinator.visit_decide", "POST", values=_v),
    coordinator("coordinator.visit_cancel", "POST", values=_approved),
    coordinator("coordinator.visit_document_download", values=_doc),
    coordinator("coordinator.visit_confirmation", values=_approved),
]
