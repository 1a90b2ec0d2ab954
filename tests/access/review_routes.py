"""Routes of reviews (issue 5). Faculty reach only their own assignments: another reviewer's
answers 404 (the matrix's objects belong to other people). Coordinators run the phase."""

from tests.access.matrix import Area, hidden_for, ids, only

not_theirs = Area(hidden_for("faculty"))
coordinator = Area(only("coordinator"))

_assignment = ids(assignment_id="review_assignment")
_call = ids(call_id="review_call")
_ready = ids(call_id="review_ready_call")
_criterion = ids(criterion_id="review_criterion")
_reviewer = ids(reviewer_id="other_user")  # posted as form data


def _criterion_form(name):
    return lambda w: {"name": name, "weight": 2, "min_score": 0, "max_score": 5}


ROUTES = [
    Area(only("faculty"))("faculty.review_list"),
    not_theirs("faculty.review_edit", values=_assignment),
    not_theirs("faculty.review_save", "POST", values=_assignment),
    not_theirs("faculty.review_conflict", "POST", values=_assignment,
               data=lambda w: {"reason": "My nephew"}),
    not_theirs("faculty.review_document",
               values=ids(assignment_id="review_assignment", document_id="review_document")),
    coordinator("coordinator.call_reviews", values=_call),
    coordinator("coordinator.review_assignments", values=_call),
    coordinator("coordinator.review_assign", "POST",
                values=ids(call_id="review_call", application_id="review_application"),
                data=_reviewer),
    coordinator("coordinator.review_assign_bulk", "POST", values=_call,
                data=lambda w: {"org_unit_id": w["unit"].id, "reviewer_ids": [w["other_user"].id],
                                "per_application": 1}),
    coordinator("coordinator.review_replace", "POST",
                values=ids(assignment_id="review_conflicted"), data=_reviewer),
    coordinator("coordinator.application_reviews",
                values=ids(application_id="review_application")),
    coordinator("coordinator.call_reviews_open", "POST", values=_ready),
    coordinator("coordinator.rubric_detail", values=_call),
    coordinator("coordinator.rubric_add", "POST", values=_ready,
                data=_criterion_form("Motivation")),
    *coordinator.form("coordinator.rubric_edit", values=_criterion,
                      data=_criterion_form("Grades")),
    coordinator("coordinator.rubric_move", "POST", values=_criterion,
                data=lambda w: {"direction": "down"}),
    coordinator("coordinator.rubric_remove", "POST",
                values=ids(criterion_id="review_spare_criterion")),
]  # fmt: skip
