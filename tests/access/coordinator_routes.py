"""Routes of the coordinator area: institutions, org units, partnerships, programs."""

from tests.access.matrix import Area, ids, only

coordinator = Area(only("coordinator"))

_partnership = ids(partnership_id="partnership")
_condition = ids(partnership_id="partnership", condition_id="condition")
_spare_condition = ids(partnership_id="partnership", condition_id="spare_condition")
_program = ids(program_id="program")
_partner = ids(institution_id="partner")
_unit = ids(unit_id="unit")

ROUTES = [
    coordinator("coordinator.institution_list"),
    *coordinator.form("coordinator.institution_create"),
    coordinator("coordinator.institution_detail", values=_partner),
    *coordinator.form("coordinator.institution_edit", values=_partner),
    coordinator("coordinator.org_unit_list"),
    *coordinator.form("coordinator.org_unit_create"),
    *coordinator.form("coordinator.org_unit_edit", values=_unit),
    coordinator("coordinator.partnership_list"),
    *coordinator.form("coordinator.partnership_create"),
    coordinator("coordinator.partnership_detail", values=_partnership),
    *coordinator.form("coordinator.partnership_edit", values=_partnership),
    # Without a target the transition changes nothing and explains why.
    coordinator("coordinator.partnership_transition", "POST", values=_partnership),
    *coordinator.form("coordinator.condition_create", values=_partnership),
    *coordinator.form("coordinator.condition_edit", values=_condition),
    coordinator("coordinator.condition_delete", "POST", values=_spare_condition),
    coordinator("coordinator.program_list"),
    *coordinator.form("coordinator.program_create"),
    coordinator("coordinator.program_detail", values=_program),
    *coordinator.form("coordinator.program_edit", values=_program),
    coordinator("coordinator.program_transition", "POST", values=_program),
]


# --- Partner records and agreement records (issue 3) ----------------------------------------

_contact = ids(institution_id="partner", contact_id="contact")
_partner_unit = ids(institution_id="partner", unit_id="partner_unit")
_signatory = ids(partnership_id="partnership", signatory_id="signatory")

ROUTES += [
    coordinator("coordinator.institution_archive", "POST",
                values=ids(institution_id="archivable_partner")),
    coordinator("coordinator.institution_unarchive", "POST",
                values=ids(institution_id="archived_partner")),
    *coordinator.form("coordinator.contact_create", values=_partner),
    *coordinator.form("coordinator.contact_edit", values=_contact),
    coordinator("coordinator.contact_delete", "POST",
                values=ids(institution_id="partner", contact_id="spare_contact")),
    *coordinator.form("coordinator.partner_unit_create", values=_partner),
    *coordinator.form("coordinator.partner_unit_edit", values=_partner_unit),
    *coordinator.form("coordinator.factsheet_edit", values=_partner),
    *coordinator.form("coordinator.signatory_create", values=_partnership),
    *coordinator.form("coordinator.signatory_edit", values=_signatory),
    coordinator("coordinator.signatory_delete", "POST",
                values=ids(partnership_id="partnership", signatory_id="spare_signatory")),
    # Without a file the upload changes nothing and re-renders the page with the message.
    coordinator("coordinator.agreement_document_upload", "POST", values=_partnership),
    # A real PDF is stored in the world: only coordinators may download it.
    coordinator("coordinator.agreement_document_download", values=_partnership),
    # Places and quota of an agreement (issue 3, item 5).
    coordinator("coordinator.partnership_quota", values=_partnership),
]  # fmt: skip
