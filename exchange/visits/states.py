"""Visit proposal states, visit types, the moves between states and the workflow that makes them.

A proposal goes draft -> submitted -> (unit_approved) -> approved -> completed. At each approval
step the approver may also return it for changes (the proposer edits and resubmits: the chain
starts again) or reject it (final). The proposer may cancel it until it is completed.
Which steps a visit type needs is configured in exchange/visits/chain.py.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum
from exchange.partnerships.states import MobilityType
from exchange.workflow import Workflow


class VisitState(LabelledEnum):
    DRAFT = "draft", _l("Draft"), "secondary"
    SUBMITTED = "submitted", _l("Submitted"), "info"
    UNIT_APPROVED = "unit_approved", _l("Approved by the unit"), "primary"
    APPROVED = "approved", _l("Approved"), "success"
    RETURNED = "returned", _l("Returned for changes"), "warning"
    REJECTED = "rejected", _l("Rejected"), "danger"
    CANCELLED = "cancelled", _l("Cancelled"), "dark"
    COMPLETED = "completed", _l("Completed"), "success"


class VisitType(LabelledEnum):
    """What the visit is for; each counts against one of the agreement's staff conditions."""

    TEACHING = "teaching", _l("Teaching (STA)"), "primary"
    TRAINING = "training", _l("Training (STT)"), "info"
    RESEARCH = "research", _l("Research visit"), "secondary"
    JOINT_SUPERVISION = "joint_supervision", _l("Joint supervision"), "secondary"

    @property
    def mobility_types(self) -> tuple[MobilityType, ...]:
        """The outgoing staff conditions this type may count against, preferred first.

        Teaching is staff teaching (STA) and training is staff training (STT), as in Erasmus+.
        A research visit is closest to training (STT), a joint supervision to teaching (STA);
        both fall back to the other staff condition when the agreement has only that one.
        """
        return _COUNTS_AGAINST[self]

    @property
    def has_teaching_hours(self) -> bool:
        return self is VisitType.TEACHING


_COUNTS_AGAINST = {
    VisitType.TEACHING: (MobilityType.STA,),
    VisitType.TRAINING: (MobilityType.STT,),
    VisitType.RESEARCH: (MobilityType.STT, MobilityType.STA),
    VisitType.JOINT_SUPERVISION: (MobilityType.STA, MobilityType.STT),
}
STAFF_MOBILITY_TYPES = (MobilityType.STA, MobilityType.STT)


class ApprovalStep(LabelledEnum):
    """Who decides at a step of the chain."""

    UNIT = "unit", _l("Head of unit")
    OFFICE = "office", _l("International office")


class DocumentKind(LabelledEnum):
    INVITATION = "invitation", _l("Invitation letter")
    PROGRAMME = "programme", _l("Programme")
    OTHER = "other", _l("Other document")


S = VisitState
TRANSITIONS = {
    S.DRAFT: frozenset({S.SUBMITTED, S.CANCELLED}),
    # From submitted: the first step approves (to unit_approved, or straight to approved when
    # the type's chain has a single step), returns or rejects.
    S.SUBMITTED: frozenset({S.UNIT_APPROVED, S.APPROVED, S.RETURNED, S.REJECTED, S.CANCELLED}),
    S.UNIT_APPROVED: frozenset({S.APPROVED, S.RETURNED, S.REJECTED, S.CANCELLED}),
    S.RETURNED: frozenset({S.SUBMITTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.COMPLETED, S.CANCELLED}),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.COMPLETED: frozenset(),
}
FINAL = frozenset({S.REJECTED, S.CANCELLED, S.COMPLETED})
# The proposer may change the proposal in these states.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Waiting for a decision at some step of the chain.
IN_APPROVAL = frozenset({S.SUBMITTED, S.UNIT_APPROVED})
# Visits whose days count against the agreement's staff days: pending and approved together.
COUNTED = frozenset({S.SUBMITTED, S.UNIT_APPROVED, S.APPROVED, S.COMPLETED})
# Days that are granted for good: the approval step never lets these exceed the days per year.
GRANTED = frozenset({S.APPROVED, S.COMPLETED})
# A person cannot be in two places: visits in these states block overlapping dates.
OCCUPYING = frozenset(set(VisitState) - {S.REJECTED, S.CANCELLED})
CANCELLABLE = frozenset({S.DRAFT, S.SUBMITTED, S.UNIT_APPROVED, S.APPROVED, S.RETURNED})

visit_workflow = Workflow("visit", TRANSITIONS)
