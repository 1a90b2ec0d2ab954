"""Agreement states and the moves between them."""

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum
from exchange.workflow import Workflow


class PartnershipState(LabelledEnum):
    DRAFT = "draft", _l("Draft"), "secondary"
    ACTIVE = "active", _l("Active"), "success"
    SUSPENDED = "suspended", _l("Suspended"), "warning"
    EXPIRED = "expired", _l("Expired"), "dark"
    TERMINATED = "terminated", _l("Terminated"), "danger"


S = PartnershipState
TRANSITIONS = {
    S.DRAFT: frozenset({S.ACTIVE, S.TERMINATED}),
    S.ACTIVE: frozenset({S.SUSPENDED, S.EXPIRED, S.TERMINATED}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset(),
    S.TERMINATED: frozenset(),
}
FINAL = frozenset({S.EXPIRED, S.TERMINATED})
# Agreements under which calls may be opened and which count as live cooperation.
LIVE = frozenset({S.ACTIVE})

partnership_workflow = Workflow("partnership", TRANSITIONS)


class Direction(LabelledEnum):
    OUTGOING = "outgoing", _l("Outgoing (we send)")
    INCOMING = "incoming", _l("Incoming (we receive)")


class MobilityType(LabelledEnum):
    SMS = "SMS", _l("Student studies (SMS)")
    SMT = "SMT", _l("Student traineeship (SMT)")
    STA = "STA", _l("Staff teaching (STA)")
    STT = "STT", _l("Staff training (STT)")

    @property
    def is_student(self) -> bool:
        return self in (MobilityType.SMS, MobilityType.SMT)
