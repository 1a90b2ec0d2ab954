"""Small vocabularies of the partner records: agreement sides, semesters, deadline kinds."""

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class Side(LabelledEnum):
    """Which party to an agreement a signatory signs for."""

    HOME = "home", _l("Home institution")
    PARTNER = "partner", _l("Partner institution")


class Semester(LabelledEnum):
    FIRST = "first", _l("First semester")
    SECOND = "second", _l("Second semester")


class DeadlineKind(LabelledEnum):
    """Deadlines a partner sets for the students we send: nomination first, then application."""

    NOMINATION = "nomination", _l("Nomination deadline")
    APPLICATION = "application", _l("Application deadline")


MONTH_NAMES = (
    _l("January"),
    _l("February"),
    _l("March"),
    _l("April"),
    _l("May"),
    _l("June"),
    _l("July"),
    _l("August"),
    _l("September"),
    _l("October"),
    _l("November"),
    _l("December"),
)
# A deadline repeats every year, so 29 February (missing three years in four) is not offered.
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_name(month: int) -> str:
    return str(MONTH_NAMES[month - 1]) if 1 <= month <= 12 else str(month)
