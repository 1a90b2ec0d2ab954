"""The checklist of a draft: what still stands between it and its submission.

Read by the student's page (each item in plain words) and by submit_application, which
refuses while any item is left. Eligibility reasons come from exchange/programs/eligibility.py
and use the student's declared language levels.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from exchange.accounts.languages import language_levels
from exchange.applications.models import Application
from exchange.programs.eligibility import TIMING, check
from exchange.programs.states import DocumentType
from exchange.reference import language_name


def required_types(application: Application) -> list[DocumentType]:
    """Document types the draft needs, in the order of DocumentType: those its programs
    require, the language certificate it says it has, and any rejected one to replace."""
    types = {t for program in application.programs for t in program.required_documents}
    if application.has_language_certificate:
        types.add(DocumentType.LANGUAGE)
    types |= {d.doc_type for d in application.rejected_awaiting_replacement()}
    return [t for t in DocumentType if t in types]


def missing_items(application: Application, today: date) -> list[str]:
    """The checklist: everything that still stands between this draft and its submission."""
    items: list[str] = []
    choices = application.choices
    if not choices:
        items.append(_("Choose at least one destination."))
    if not application.motivation and (not choices or any(not c.motivation for c in choices)):
        items.append(
            _("Write your motivation: one statement for the application, or one per choice.")
        )
    needed = sorted({language_name(p.language) for p in application.programs if p.language})
    if needed and not (application.language and application.language_level):
        items.append(
            _("Answer the language question: the language you will study in (%(languages)s) "
              "and your level.", languages=", ".join(needed))
        )  # fmt: skip
    for doc_type in required_types(application):
        if application.current_document(doc_type) is not None:
            continue
        rejected = application.rejected_awaiting_replacement(doc_type)
        if rejected:
            reason = rejected[-1].rejected_reason
            items.append(_("Replace your %(document)s; it was not accepted: %(reason)s",
                           document=doc_type.label, reason=reason))  # fmt: skip
        else:
            items.append(_("Upload your %(document)s.", document=doc_type.label))
    levels = language_levels(application.student) if choices else {}
    for number, choice in enumerate(choices, start=1):
        verdict = check(application.student, choice.program, levels, today)
        for reason in verdict.reasons:
            words = dict(n=number, program=choice.program.title, reason=reason.message)
            if reason.code in TIMING:
                items.append(_("Choice %(n)s, %(program)s, is not open: %(reason)s", **words))
            else:
                items.append(_("Not eligible for choice %(n)s, %(program)s: %(reason)s", **words))
    return items
