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


# --- Partner records and agreement records (issue 3) ----------------------------------------


def _contact(w):
    return {"institution_id": w["partner"].id, "contact_id": w["contact"].id}


def _spare_contact(w):
    return {"institution_id": w["partner"].id, "contact_id": w["spare_contact"].id}


def _partner_unit(w):
    return {"institution_id": w["partner"].id, "unit_id": w["partner_unit"].id}


def _signatory(w):
    return {"partnership_id": w["partnership"].id, "signatory_id": w["signatory"].id}


def _spare_signatory(w):
    return {"partnership_id": w["partnership"].id, "signatory_id": w["spare_signatory"].id}


ROUTES += [
    route("coordinator.institution_archive", "POST",
          values=lambda w: {"institution_id": w["archivable_partner"].id}, **only("coordinator")),
    route("coordinator.institution_unarchive", "POST",
          values=lambda w: {"institution_id": w["archived_partner"].id}, **only("coordinator")),
    route("coordinator.contact_create", values=_partner, **only("coordinator")),
    route("coordinator.contact_create", "POST", values=_partner, **only("coordinator")),
    route("coordinator.contact_edit", values=_contact, **only("coordinator")),
    route("coordinator.contact_edit", "POST", values=_contact, **only("coordinator")),
    route("coordinator.contact_delete", "POST", values=_spare_contact, **only("coordinator")),
    route("coordinator.partner_unit_create", values=_partner, **only("coordinator")),
    route("coordinator.partner_unit_create", "POST", values=_partner, **only("coordinator")),
    route("coordinator.partner_unit_edit", values=_partner_unit, **only("coordinator")),
    route("coordinator.partner_unit_edit", "POST", values=_partner_unit, **only("coordinator")),
    route("coordinator.factsheet_edit", values=_partner, **only("coordinator")),
    route("coordinator.factsheet_edit", "POST", values=_partner, **only("coordinator")),
    route("coordinator.signatory_create", values=_partnership, **only("coordinator")),
    route("coordinator.signatory_create", "POST", values=_partnership, **only("coordinator")),
    route("coordinator.signatory_edit", values=_signatory, **only("coordinator")),
    route("coordinator.signatory_edit", "POST", values=_signatory, **only("coordinator")),
    route("coordinator.signatory_delete", "POST", values=_spare_signatory, **only("coordinator")),
    # Without a file the upload changes nothing and re-renders the page with the message.
    route("coordinator.agreement_document_upload", "POST", values=_partnership,
          **only("coordinator")),
    # A real PDF is stored in the world: only coordinators may download it.
    route("coordinator.agreement_document_download", values=_partnership, **only("coordinator")),
]  # fmt: skip

# Places and quota of an agreement (issue 3, item 5).
ROUTES += [
    route("coordinator.partnership_quota", values=_partnership, **only("coordinator")),
]
