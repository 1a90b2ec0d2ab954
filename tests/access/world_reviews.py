"""Objects for the review routes (issue 5): a call in its open review phase with a rubric, an
application of another student reviewed by another faculty member (who also declared a
conflict on a second application), and a call ready to open its reviews."""

from __future__ import annotations

from tests import factories as f
from tests.reviews import factories as rf


def build(base: dict) -> dict:
    unit = base["unit"]
    call = rf.review_call(phase="open", title="Matrix review call")
    program = f.program(partnership=f.partnership(org_unit=unit), call=call)
    reviewer = f.faculty(org_unit=unit, full_name="Matrix Reviewer")
    application = rf.submitted_application(call, program=program, student=f.student(org_unit=unit))
    second = rf.submitted_application(call, program=program, student=f.student(org_unit=unit))
    return {
        "review_call": call,
        "review_criterion": rf.criterion(call, name="Academic record"),
        "review_spare_criterion": rf.criterion(call, name="Spare criterion"),
        "review_application": application,
        "review_assignment": rf.assignment(application, reviewer),
        "review_document": f.document(application=application),
        "review_conflicted": rf.conflicted(second, reviewer),
        "review_ready_call": rf.review_call(phase="ready", title="Matrix call ready to review"),
    }
