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
