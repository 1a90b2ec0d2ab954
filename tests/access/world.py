"""The objects the access matrix needs for routes with ids in their URLs."""

from __future__ import annotations

from exchange.accounts.roles import Role
from tests import factories as f


def build() -> dict:
    unit = f.org_unit(name="Department of Physics")
    visitors = {
        "student": f.student(org_unit=unit),
        "faculty": f.faculty(org_unit=unit),
        "coordinator": f.coordinator(org_unit=unit),
        "admin": f.admin(),
    }
    partner = f.institution(name="University of Cambridge")
    partnership = f.partnership(partner=partner, org_unit=unit)
    condition = f.condition(partnership=partnership)
    program = f.program(partnership=partnership)
    other_user = f.user(Role.FACULTY, org_unit=unit)
    base = {
        "visitors": visitors,
        "unit": unit,
        "partner": partner,
        "partnership": partnership,
        "condition": condition,
        "program": program,
        "other_user": other_user,
        # A second condition, so that the coordinator's delete route has one of its own.
        "spare_condition": f.condition(partnership=partnership, direction="incoming"),
        # A deactivated account, so that the admin's reactivate route has something to do.
        "inactive_user": f.user(Role.FACULTY, org_unit=unit, is_active=False),
        # A draft call: the students' catalogue must answer 404 for it.
        "draft_program": f.program(partnership=partnership, state="draft", title="Draft call"),
        # Another unit's agreement: faculty of the matrix's unit must get 404 for it.
        "foreign_partnership": f.partnership(
            org_unit=f.org_unit(name="Department of History"), title="History with Tehran"
        ),
        # Partner records (issue 3): a contact and a spare one to delete, a partner's faculty,
        # a signatory and a spare one to delete, a stored PDF, a partner free to archive and
        # an archived one to restore.
        "contact": f.institution_contact(institution=partner),
        "spare_contact": f.institution_contact(institution=partner),
        "partner_unit": f.org_unit(institution=partner, code="CAM-ENG", kind="faculty"),
        "signatory": f.signatory(partnership=partnership),
        "spare_signatory": f.signatory(partnership=partnership, side="partner"),
        "document": f.agreement_document(partnership=partnership),
        "archivable_partner": f.institution(name="Former partner university"),
        "archived_partner": f.archived_institution(name="Archived partner university"),
        # Notices (issue 4): someone else's notice, which no visitor may open (404).
        "notice": f.notice(recipient=other_user, title="Not yours to read"),
        # The office's view of applications (issue 4): a call with a program of the matrix's
        # unit, another student's submitted application ranking it, and its stored transcript.
        **_office_applications(unit),
        # The student's application screens (issue 4): another student's draft with a choice
        # and a stored file; every student route with an id must answer 404 for it.
        **_someone_elses_draft(unit),
    }
    return _extended(base)


def _extended(base: dict) -> dict:
    """Each area adds its objects in tests/access/world_<area>.py, a build(base) -> dict; the
    modules run in name order and may use what the base (or an earlier module) made."""
    import importlib
    import pkgutil

    import tests.access as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("world_"):
            base |= importlib.import_module(f"tests.access.{info.name}").build(base)
    return base


def _office_applications(unit) -> dict:
    call = f.call(title="Matrix call")
    agreement = f.partnership(org_unit=unit, title="Matrix call agreement")
    program = f.program(partnership=agreement, call=call, title="Matrix call program")
    application = f.application(call=call, student=f.student(org_unit=unit), state="submitted")
    f.choice(application=application, program=program, rank=1)
    return {
        "office_call": call,
        "office_call_program": program,
        "office_application": application,
        "office_document": f.document(application=application),
    }


def _someone_elses_draft(unit) -> dict:
    call = f.call(title="Matrix draft call")
    program = f.program(partnership=f.partnership(org_unit=unit), call=call)
    application = f.application(call=call, student=f.student(org_unit=unit))
    f.choice(application=application, program=program, rank=1)
    return {
        "foreign_draft": application,
        "foreign_draft_document": f.document(application=application),
    }
