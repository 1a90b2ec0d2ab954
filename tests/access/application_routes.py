"""Routes of the office's calls and applications (issue 4): coordinators only.

Students and faculty are stopped at the coordinator area's gate (403), also for another
student's stored document; a coordinator out of scope gets 404 (tests/coordinator/
test_applications.py shows it with data that could leak).
"""

from tests.access.matrix import Area, ids, only

coordinator = Area(only("coordinator"))

_call = ids(call_id="office_call")
_document = ids(application_id="office_application", document_id="office_document")

ROUTES = [
    coordinator("coordinator.call_list"),
    *coordinator.form("coordinator.call_create"),
    coordinator("coordinator.call_detail", values=_call),
    *coordinator.form("coordinator.call_edit", values=_call),
    coordinator("coordinator.call_add_program", "POST", values=_call),
    coordinator("coordinator.call_remove_program", "POST",
                values=ids(call_id="office_call", program_id="office_call_program")),
    coordinator("coordinator.application_list", values=_call),
    coordinator("coordinator.application_detail", values=ids(application_id="office_application")),
    coordinator("coordinator.document_download", values=_document),
    *coordinator.form("coordinator.document_reject", values=_document,
                      data=lambda w: {"reason": "The stamp is missing."}),
]  # fmt: skip
