"""The four roles a person may hold in Exchange; one person may hold several."""

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class Role(LabelledEnum):
    STUDENT = "student", _l("Student"), "info"
    FACULTY = "faculty", _l("Faculty"), "success"
    COORDINATOR = "coordinator", _l("Coordinator"), "primary"
    ADMIN = "admin", _l("Admin"), "dark"


def has_role(user, *roles: Role) -> bool:
    """The one role check: a signed-in, active user holding any of these roles."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_active", True)) and user.has_role(*roles)


class StudyLevel(LabelledEnum):
    """EQF levels of the European Qualifications Framework used for higher education."""

    BACHELOR = "6", _l("Bachelor (EQF 6)")
    MASTER = "7", _l("Master (EQF 7)")
    DOCTORAL = "8", _l("Doctoral (EQF 8)")


class OrgUnitKind(LabelledEnum):
    FACULTY = "faculty", _l("Faculty")
    DEPARTMENT = "department", _l("Department")
    OFFICE = "office", _l("Office")
