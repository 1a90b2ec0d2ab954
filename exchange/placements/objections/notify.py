"""Who hears about an objection, and in what words: the student and the coordinators concerned."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.applications.policy import coordinators_concerned
from exchange.notifications.notify import notify, site_path

STUDENT_ENDPOINT = "student.application_objection"
COORDINATOR_ENDPOINT = "coordinator.objection_detail"


def _links(objection) -> tuple[str, str]:
    student = site_path(STUDENT_ENDPOINT, application_id=objection.application_id)
    office = site_path(COORDINATOR_ENDPOINT, objection_id=objection.id)
    return student, office


def tell_lodged(objection) -> None:
    """A receipt to the student; a notice and mail to the coordinators concerned."""
    application = objection.application
    call, student = application.call, application.student
    student_link, office_link = _links(objection)
    notify([student], kind="objection.lodged", obj=objection, link=student_link,
           title=_l("Objection received: %(call)s", call=call.title),
           body=_l("We received your objection to the result of %(call)s. The office answers "
                   "it in writing; you get a mail when it does.", call=call.title))  # fmt: skip
    notify(coordinators_concerned(application), kind="objection.lodged", obj=objection,
           link=office_link,
           title=_l("New objection from %(student)s: %(call)s", student=student.full_name,
                    call=call.title),
           body=_l("%(student)s objects to the result (%(state)s):\n%(reason)s",
                   student=student.full_name, state=application.state.label,
                   reason=objection.reason))  # fmt: skip


def tell_answered(objection) -> None:
    """The answer to the student; a note to the coordinators concerned."""
    application = objection.application
    call, student = application.call, application.student
    student_link, office_link = _links(objection)
    if objection.offered_program is not None:
        outcome = _l("Your objection was upheld and you are offered a place in %(program)s. "
                     "Accept or decline it on your application page before %(day)s.",
                     program=objection.offered_program.title,
                     day=application.offer_deadline.isoformat())  # fmt: skip
    elif objection.state == "upheld":
        outcome = _l("Your objection was upheld. The office changes the decision and tells you "
                     "the new result.")  # fmt: skip
    else:
        outcome = _l("Your objection was rejected: the result stands.")
    notify([student], kind="objection.answered", obj=objection, link=student_link,
           title=_l("Answer to your objection: %(call)s", call=call.title),
           body=f"{outcome}\n\n{objection.answer}")  # fmt: skip
    notify(coordinators_concerned(application), kind="objection.answered", obj=objection,
           link=office_link, mail=False,
           title=_l("Objection of %(student)s %(state)s", student=student.full_name,
                    state=objection.state.label.lower()),
           body=objection.answer)  # fmt: skip
