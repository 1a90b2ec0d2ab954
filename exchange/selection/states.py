"""The words of selection: the state of an allocation run, and the kinds of score rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum
from exchange.workflow import Workflow


class RunState(LabelledEnum):
    """running -> dry (finished, shown for review) -> committed; or failed / discarded."""

    RUNNING = "running", _l("Running"), "info"
    DRY = "dry", _l("Dry run"), "primary"
    COMMITTED = "committed", _l("Committed"), "success"
    FAILED = "failed", _l("Failed"), "danger"
    DISCARDED = "discarded", _l("Discarded"), "secondary"


R = RunState
RUN_TRANSITIONS = {
    R.RUNNING: frozenset({R.DRY, R.FAILED}),
    R.DRY: frozenset({R.COMMITTED, R.DISCARDED}),
    R.FAILED: frozenset({R.DISCARDED}),
    R.COMMITTED: frozenset(),
    R.DISCARDED: frozenset(),
}
run_workflow = Workflow("selection_run", RUN_TRANSITIONS)


class RuleKind(LabelledEnum):
    """Bonuses and penalties a call defines. Prior participation applies by itself; a manual
    flag (first generation, documented hardship ...) applies where a coordinator sets it."""

    PRIOR_PARTICIPATION = "prior_participation", _l("Prior participation (automatic)"), "warning"
    MANUAL = "manual", _l("Set by a coordinator per application"), "info"


class MechanismLabel(LabelledEnum):
    """The engine's mechanisms in the coordinator's words (values equal engine.Mechanism)."""

    SERIAL_DICTATORSHIP = (
        "serial_dictatorship", _l("Serial dictatorship by score"), "primary"
    )  # fmt: skip
    DEFERRED_ACCEPTANCE = (
        "deferred_acceptance", _l("Deferred acceptance (each destination ranks by its formula)"),
        "primary",
    )  # fmt: skip
    LOTTERY = "lottery", _l("Lottery"), "primary"


class TieRuleLabel(LabelledEnum):
    """The engine's tie rules in words (values equal engine.TieRule)."""

    LOTTERY = "lottery", _l("Equal scores: recorded random draw"), "secondary"
    EARLIER_SUBMISSION = (
        "earlier_submission", _l("Equal scores: earlier submission first, then a draw"),
        "secondary",
    )  # fmt: skip
