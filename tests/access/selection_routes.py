"""Routes of a call's selection (coordinator area): dashboard, ranking, scores, rules, runs."""

from tests.access.matrix import only, route


def _call(w):
    return {"call_id": w["selection_call"].id}


def _application(w):
    return _call(w) | {"application_id": w["selection_application"].id}


def _spare_rule(w):
    return _call(w) | {"rule_id": w["selection_spare_rule"].id}


def _run(w):
    return _call(w) | {"run_id": w["selection_run"].id}


ROUTES = [
    route("coordinator.selection_dashboard", values=_call, **only("coordinator")),
    route("coordinator.selection_ranking", values=_call, **only("coordinator")),
    route("coordinator.selection_interview", "POST", values=_application,
          data=lambda w: {"interview_score": "70"}, **only("coordinator")),
    route("coordinator.selection_adjust", "POST", values=_application,
          data=lambda w: {"adjustment": "0", "reason": ""}, **only("coordinator")),
    route("coordinator.selection_flag", "POST", values=_application,
          data=lambda w: {"rule_id": w["selection_rule"].id, "on": "1"}, **only("coordinator")),
    route("coordinator.selection_rule_add", "POST", values=_call,
          data=lambda w: {"kind": "manual", "label": "Matrix", "points": "1"},
          **only("coordinator")),
    route("coordinator.selection_rule_remove", "POST", values=_spare_rule, **only("coordinator")),
    route("coordinator.selection_run_detail", values=_run, **only("coordinator")),
    route("coordinator.selection_run_start", "POST", values=_call,
          data=lambda w: {"mechanism": "lottery", "tie_rule": "lottery", "seed": "5"},
          **only("coordinator")),
    route("coordinator.selection_run_commit", "POST", values=_run, **only("coordinator")),
    route("coordinator.selection_run_discard", "POST", values=_run, **only("coordinator")),
]  # fmt: skip
