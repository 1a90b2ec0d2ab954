"""Partner institutions beyond their core data: archiving, and the people to contact there.

Services check the rules, write an audit record and flush; the request commits. A broken rule
raises PartnershipError naming the form field it concerns.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.db import utcnow
from exchange.extensions import db
from exchange.partnerships.models import Institution, InstitutionContact, Partnership
from exchange.partnerships.services import PartnershipError
from exchange.partnerships.states import FINAL

CONTACT_FIELDS = ["institution_id", "name", "role", "email", "phone", "note"]
# Loose on purpose: people write numbers in many national styles. An optional leading +,
# then digits, spaces, hyphens and brackets, with 5 to 20 digits in all.
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+$")


# --- Archive --------------------------------------------------------------------------------


def open_agreements(institution: Institution) -> list[Partnership]:
    """The partner's agreements that are still draft, active or suspended."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(
                Partnership.partner_id == institution.id,
                Partnership.state.not_in([s.value for s in FINAL]),
            )
            .order_by(Partnership.title)
        )
    )


def archive_institution(institution: Institution, *, actor) -> Institution:
    """Hide a former partner from lists and new agreements; its records stay.

    Refused for the home institution and for a partner with an agreement that is not final.
    """
    if institution.is_home:
        raise PartnershipError(_l("The home institution cannot be archived."))
    if institution.is_archived:
        raise PartnershipError(_l("%(name)s is already archived.", name=institution.name))
    still_open = open_agreements(institution)
    if still_open:
        raise PartnershipError(
            _l(
                "%(name)s still has agreements that are draft, active or suspended: %(titles)s. "
                "Terminate them, or wait until they expire, before archiving the partner.",
                name=institution.name,
                titles=", ".join(p.title for p in still_open),
            )
        )
    institution.archived_at = utcnow()
    audit.record(
        "institution.archive",
        institution,
        actor=actor,
        before={"archived_at": None},
        after=audit.snapshot(institution, ["archived_at"]),
    )
    db.session.flush()
    return institution


def unarchive_institution(institution: Institution, *, actor) -> Institution:
    """Bring an archived partner back into lists and the new-agreement form."""
    if not institution.is_archived:
        raise PartnershipError(_l("%(name)s is not archived.", name=institution.name))
    before = audit.snapshot(institution, ["archived_at"])
    institution.archived_at = None
    audit.record(
        "institution.unarchive",
        institution,
        actor=actor,
        before=before,
        after={"archived_at": None},
    )
    db.session.flush()
    return institution


# --- Contacts -------------------------------------------------------------------------------


def valid_phone(phone: str) -> bool:
    digits = sum(c.isdigit() for c in phone or "")
    return bool(PHONE_RE.match(phone or "")) and 5 <= digits <= 20


def normalise_email(email: str) -> str | None:
    """The address in its normal form, or None when it is not a valid e-mail address."""
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _clean_contact(fields: dict) -> dict:
    data = {k: fields.get(k) for k in ("name", "role", "email", "phone", "note")}
    for key, value in data.items():
        data[key] = (value or "").strip() or None
    return data


def _check_contact(data: dict) -> dict:
    if not data["name"]:
        raise PartnershipError(_l("Enter the contact's name."), "name")
    if data["email"]:
        email = normalise_email(data["email"])
        if email is None:
            raise PartnershipError(
                _l("Enter a valid e-mail address, like name@example.edu."), "email"
            )
        data["email"] = email
    if data["phone"] and not valid_phone(data["phone"]):
        raise PartnershipError(
            _l(
                "Write the phone number with digits, spaces, +, - and brackets only, "
                "e.g. +44 1223 337733."
            ),
            "phone",
        )
    if not data["email"] and not data["phone"]:
        raise PartnershipError(_l("Give an e-mail address or a phone number."), "email")
    return data


def add_contact(institution: Institution, *, actor, **fields) -> InstitutionContact:
    """Record a person to contact at the institution."""
    data = _check_contact(_clean_contact(fields))
    contact = InstitutionContact(institution=institution, **data)
    db.session.add(contact)
    db.session.flush()
    audit.record(
        "contact.create", contact, actor=actor, after=audit.snapshot(contact, CONTACT_FIELDS)
    )
    db.session.flush()
    return contact


def update_contact(contact: InstitutionContact, *, actor, **fields) -> InstitutionContact:
    data = _check_contact(_clean_contact(fields))
    before = audit.snapshot(contact, CONTACT_FIELDS)
    for key, value in data.items():
        setattr(contact, key, value)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(contact, CONTACT_FIELDS))
    if new:
        audit.record("contact.update", contact, actor=actor, before=old, after=new)
        db.session.flush()
    return contact


def delete_contact(contact: InstitutionContact, *, actor) -> None:
    """Remove a contact; the audit record keeps who it was."""
    audit.record(
        "contact.delete", contact, actor=actor, before=audit.snapshot(contact, CONTACT_FIELDS)
    )
    contact.institution.contacts.remove(contact)
    db.session.delete(contact)
    db.session.flush()


def contacts_of(institution: Institution) -> list[InstitutionContact]:
    return list(
        db.session.scalars(
            select(InstitutionContact)
            .where(InstitutionContact.institution_id == institution.id)
            .order_by(InstitutionContact.name, InstitutionContact.id)
        )
    )
