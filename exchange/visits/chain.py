"""The approval chain: which steps a visit type passes through before it is approved.

The default: the head of the proposer's unit, then the international office, except research
visits, which go straight to the office (a researcher's own unit has no say over a research
stay the office funds from the agreement). Deployments may change it with the
VISIT_APPROVAL_CHAINS setting: {"research": ["unit", "office"], ...}; types left out keep the
default. Every chain has at least one step and each step once, unit before office.

A visit returned for changes starts the chain again when it is resubmitted: the proposer may
have changed anything the earlier steps approved (dates, funding, programme).
"""

from __future__ import annotations

from flask import current_app, has_app_context

from exchange.visits.states import ApprovalStep, VisitState, VisitType

DEFAULT_CHAINS: dict[VisitType, tuple[ApprovalStep, ...]] = {
    VisitType.TEACHING: (ApprovalStep.UNIT, ApprovalStep.OFFICE),
    VisitType.TRAINING: (ApprovalStep.UNIT, ApprovalStep.OFFICE),
    VisitType.RESEARCH: (ApprovalStep.OFFICE,),
    VisitType.JOINT_SUPERVISION: (ApprovalStep.UNIT, ApprovalStep.OFFICE),
}
ORDER = (ApprovalStep.UNIT, ApprovalStep.OFFICE)


def _checked(steps) -> tuple[ApprovalStep, ...]:
    steps = tuple(ApprovalStep(s) for s in steps)
    if not steps or len(set(steps)) != len(steps) or list(steps) != sorted(steps, key=ORDER.index):
        raise ValueError(f"An approval chain needs unit and/or office, in that order: {steps}")
    return steps


def chain_for(visit_type) -> tuple[ApprovalStep, ...]:
    """The steps a visit of this type passes, in order."""
    visit_type = VisitType(visit_type)
    configured = {}
    if has_app_context():
        configured = current_app.config.get("VISIT_APPROVAL_CHAINS") or {}
    steps = configured.get(visit_type.value)
    return _checked(steps) if steps is not None else DEFAULT_CHAINS[visit_type]


def current_step(visit) -> ApprovalStep | None:
    """The step waiting for a decision, or None when the visit is not in approval."""
    steps = chain_for(visit.visit_type)
    if visit.state == VisitState.SUBMITTED:
        return steps[0]
    if visit.state == VisitState.UNIT_APPROVED and ApprovalStep.OFFICE in steps:
        return ApprovalStep.OFFICE
    return None


def state_after_approval(visit) -> VisitState:
    """Where approving the current step leads: the next step's waiting state, or approved."""
    steps = chain_for(visit.visit_type)
    step = current_step(visit)
    if step is None:
        raise ValueError("The visit is not waiting for a decision.")
    if step == ApprovalStep.UNIT and ApprovalStep.OFFICE in steps:
        return VisitState.UNIT_APPROVED
    return VisitState.APPROVED
