"""Routes of reviews (issue 5). Faculty reach only their own assignments: another reviewer's
answers 404 (the matrix's objects belong to other people). Coordinators run the phase."""

from tests.access.matrix import HIDDEN, only, route

FACULTY_HIDDEN = only("faculty") | {"faculty": HIDDEN}


def _assignment(w):
    return {"assignment_id": w["review_assignment"].id}


def _document(w):
    return {"assignment_id": w["review_assignment"].id, "document_id": w["review_document"].id}


def _call(w):
    return {"call_id": w["review_call"].id}


def _ready(w):
    return {"call_id": w["review_ready_call"].id}


def _application(w):
    return {"call_id": w["review_call"].id, "application_id": w["review_application"].id}


def _criterion(w):
    return {"criterion_id": w["review_criterion"].id}


def _spare(w):
    return {"criterion_id": w["review_spare_criterion"].id}


def _reviewer(w):
    return {"reviewer_id": w["other_user"].id}


ROUTES = [
    route("faculty.review_list", **only("faculty")),
    route("faculty.review_edit", values=_assignment, **FACULTY_HIDDEN),
    route("faculty.review_save", "POST", values=_assignment, **FACULTY_HIDDEN),
    route("faculty.review_conflict", "POST", values=_assignment,
          data=lambda w: {"reason": "My nephew"}, **FACULTY_HIDDEN),
    route("faculty.review_document", values=_document, **FACULTY_HIDDEN),
    route("coordinator.call_reviews", values=_call, **only("coordinator")),
    route("coordinator.review_assignments", values=_call, **only("coordinator")),
    route("coordinator.review_assign", "POST", values=_application, data=_reviewer,
          **only("coordinator")),
    route("coordinator.review_assign_bulk", "POST", values=_call,
          data=lambda w: {"org_unit_id": w["unit"].id, "reviewer_ids": [w["other_user"].id],
                          "per_application": 1}, **only("coordinator")),
    route("coordinator.review_replace", "POST",
          values=lambda w: {"assignment_id": w["review_conflicted"].id}, data=_reviewer,
          **only("coordinator")),
    route("coordinator.application_reviews",
          values=lambda w: {"application_id": w["review_application"].id},
          **only("coordinator")),
    route("coordinator.call_reviews_open", "POST", values=_ready, **only("coordinator")),
    route("coordinator.rubric_detail", values=_call, **only("coordinator")),
    route("coordinator.rubric_add", "POST", values=_ready,
          data=lambda w: {"name": "Motivation", "weight": 2, "min_score": 0, "max_score": 5},
          **only("coordinator")),
    route("coordinator.rubric_edit", values=_criterion, **only("coordinator")),
    route("coordinator.rubric_edit", "POST", values=_criterion,
          data=lambda w: {"name": "Grades", "weight": 2, "min_score": 0, "max_score": 5},
          **only("coordinator")),
    route("coordinator.rubric_move", "POST", values=_criterion,
          data=lambda w: {"direction": "down"}, **only("coordinator")),
    route("coordinator.rubric_remove", "POST", values=_spare, **only("coordinator")),
]  # fmt: skip
