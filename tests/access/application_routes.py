"""Routes of the office's calls and applications (issue 4): coordinators only.

Students and faculty are stopped at the coordinator area's gate (403), also for another
student's stored document; a coordinator out of scope gets 404 (tests/coordinator/
test_applications.py shows it with data that could leak).
"""

from tests.access.matrix import only, route


def _call(w):
    return {"call_id": w["office_call"].id}


def _call_program(w):
    return {"call_id": w["office_call"].id, "program_id": w["office_call_program"].id}


def _application(w):
    return {"application_id": w["office_application"].id}


def _document(w):
    return {"application_id": w["office_application"].id, "document_id": w["office_document"].id}


ROUTES = [
    route("coordinator.call_list", **only("coordinator")),
    route("coordinator.call_create", **only("coordinator")),
    route("coordinator.call_create", "POST", **only("coordinator")),
    route("coordinator.call_detail", values=_call, **only("coordinator")),
    route("coordinator.call_edit", values=_call, **only("coordinator")),
    route("coordinator.call_edit", "POST", values=_call, **only("coordinator")),
    route("coordinator.call_add_program", "POST", values=_call, **only("coordinator")),
    route("coordinator.call_remove_program", "POST", values=_call_program, **only("coordinator")),
    route("coordinator.application_list", values=_call, **only("coordinator")),
    route("coordinator.application_detail", values=_application, **only("coordinator")),
    route("coordinator.document_download", values=_document, **only("coordinator")),
    route("coordinator.document_reject", values=_document, **only("coordinator")),
    route("coordinator.document_reject", "POST", values=_document,
          data=lambda w: {"reason": "The stamp is missing."}, **only("coordinator")),
]  # fmt: skip
