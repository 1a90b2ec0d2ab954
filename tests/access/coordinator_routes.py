"""Routes of the coordinator area: institutions, org units, partnerships, programs."""

from tests.access.matrix import only, route


def _partnership(w):
    return {"partnership_id": w["partnership"].id}


def _condition(w):
    return {"partnership_id": w["partnership"].id, "condition_id": w["condition"].id}


def _spare_condition(w):
    return {"partnership_id": w["partnership"].id, "condition_id": w["spare_condition"].id}


def _program(w):
    return {"program_id": w["program"].id}


def _partner(w):
    return {"institution_id": w["partner"].id}


def _unit(w):
    return {"unit_id": w["unit"].id}


ROUTES = [
    route("coordinator.institution_list", **only("coordinator")),
    route("coordinator.institution_create", **only("coordinator")),
    route("coordinator.institution_create", "POST", **only("coordinator")),
    route("coordinator.institution_detail", values=_partner, **only("coordinator")),
    route("coordinator.institution_edit", values=_partner, **only("coordinator")),
    route("coordinator.institution_edit", "POST", values=_partner, **only("coordinator")),
    route("coordinator.org_unit_list", **only("coordinator")),
    route("coordinator.org_unit_create", **only("coordinator")),
    route("coordinator.org_unit_create", "POST", **only("coordinator")),
    route("coordinator.org_unit_edit", values=_unit, **only("coordinator")),
    route("coordinator.org_unit_edit", "POST", values=_unit, **only("coordinator")),
    route("coordinator.partnership_list", **only("coordinator")),
    route("coordinator.partnership_create", **only("coordinator")),
    route("coordinator.partnership_create", "POST", **only("coordinator")),
    route("coordinator.partnership_detail", values=_partnership, **only("coordinator")),
    route("coordinator.partnership_edit", values=_partnership, **only("coordinator")),
    route("coordinator.partnership_edit", "POST", values=_partnership, **only("coordinator")),
    # Without a target the transition changes nothing and explains why.
    route("coordinator.partnership_transition", "POST", values=_partnership, **only("coordinator")),
    route("coordinator.condition_create", values=_partnership, **only("coordinator")),
    route("coordinator.condition_create", "POST", values=_partnership, **only("coordinator")),
    route("coordinator.condition_edit", values=_condition, **only("coordinator")),
    route("coordinator.condition_edit", "POST", values=_condition, **only("coordinator")),
    route("coordinator.condition_delete", "POST", values=_spare_condition, **only("coordinator")),
    route("coordinator.program_list", **only("coordinator")),
    route("coordinator.program_create", **only("coordinator")),
    route("coordinator.program_create", "POST", **only("coordinator")),
    route("coordinator.program_detail", values=_program, **only("coordinator")),
    route("coordinator.program_edit", values=_program, **only("coordinator")),
    route("coordinator.program_edit", "POST", values=_program, **only("coordinator")),
    route("coordinator.program_transition", "POST", values=_program, **only("coordinator")),
]
