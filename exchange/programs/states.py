"""Program (call) states and the moves between them."""

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum
from exchange.workflow import Workflow


class ProgramState(LabelledEnum):
    DRAFT = "draft", _l("Draft"), "secondary"
    PUBLISHED = "published", _l("Published"), "success"
    CLOSED = "closed", _l("Closed"), "dark"
    CANCELLED = "cancelled", _l("Cancelled"), "danger"


S = ProgramState
TRANSITIONS = {
    S.DRAFT: frozenset({S.PUBLISHED, S.CANCELLED}),
    S.PUBLISHED: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset({S.PUBLISHED}),
    S.CANCELLED: frozenset(),
}
program_workflow = Workflow("program", TRANSITIONS)


class Term(LabelledEnum):
    YEAR = "year", _l("Full academic year")
    FIRST = "1", _l("First semester")
    SECOND = "2", _l("Second semester")
    SUMMER = "summer", _l("Summer")


class DocumentType(LabelledEnum):
    TRANSCRIPT = "transcript", _l("Transcript of records")
    MOTIVATION = "motivation", _l("Motivation letter")
    CV = "cv", _l("CV")
    LANGUAGE = "language", _l("Language certificate")
    PASSPORT = "passport", _l("Passport copy")
    RECOMMENDATION = "recommendation", _l("Recommendation letter")
