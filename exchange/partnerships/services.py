"""Changes to institutions, partnerships and their cooperation conditions.

Services check the domain's rules, write an audit record for every change and flush; the
request commits. A broken rule raises PartnershipError naming the form field it concerns.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.accounts.models import OrgUnit
from exchange.extensions import db
from exchange.hooks import Hook
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.states import (
    FINAL,
    PartnershipState,
    partnership_workflow,
)
from exchange.reference import (
    COUNTRIES,
    ISCED_FIELDS,
    academic_year_label,
)
from exchange.rules import RuleError
from exchange.workflow import Action

INSTITUTION_FIELDS = ["name", "country", "city", "website", "schac_code", "erasmus_code"]
PARTNERSHIP_FIELDS = [
    "partner_id",
    "org_unit_id",
    "title",
    "first_year",
    "last_year",
    "subject_areas",
    "notes",
]

# A SCHAC code (EWP hei-id) is the institution's internet domain, in lower case.
SCHAC_RE = re.compile(
    r"^(?=.{4,120}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
)
# Erasmus codes pad a 1-3 letter country prefix to three characters: "PL WARSZAW01", "F  PARIS001".
ERASMUS_RE = re.compile(r"^[A-Z]{1,3} {1,2}[A-Z][A-Z-]{0,8}\d{2,3}$")


class PartnershipError(RuleError):
    """A change to partners or agreements that breaks a rule; the message says which."""


# What the domains above refuse an agreement to lose. Programs run under an agreement, so
# exchange/programs answers these (exchange/hooks.py); each returns (message, field) or None.
validity_refusal = Hook("partnerships.validity_refusal")  # (partnership, first_year, last_year)
condition_refusal = Hook("partnerships.condition_refusal")  # (condition, data; None: deleted)


# --- Institutions ---------------------------------------------------------------------------


def valid_schac_code(code: str) -> bool:
    return bool(SCHAC_RE.match(code or ""))


def valid_erasmus_code(code: str) -> bool:
    return bool(ERASMUS_RE.match(code or ""))


def valid_website(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in url


def _clean_institution_fields(fields: dict) -> dict:
    data = {k: fields.get(k) for k in INSTITUTION_FIELDS}
    for key in ("name", "city", "website", "schac_code", "erasmus_code"):
        if isinstance(data[key], str):
            data[key] = data[key].strip() or None
    data["schac_code"] = (data["schac_code"] or "").lower()
    data["country"] = (data["country"] or "").upper()
    if data["erasmus_code"]:
        data["erasmus_code"] = data["erasmus_code"].upper()
    return data


def _check_institution(data: dict, current: Institution | None) -> None:
    if not data["name"]:
        raise PartnershipError(_l("Enter the institution's name."), "name")
    if data["country"] not in COUNTRIES:
        raise PartnershipError(_l("Choose a country from the list."), "country")
    if not valid_schac_code(data["schac_code"]):
        raise PartnershipError(
            _l("Enter the institution's internet domain in lower case, e.g. uw.edu.pl."),
            "schac_code",
        )
    if data["erasmus_code"] and not valid_erasmus_code(data["erasmus_code"]):
        raise PartnershipError(
            _l("Write the Erasmus code like PL WARSZAW01, or leave it empty."), "erasmus_code"
        )
    if data["website"] and not valid_website(data["website"]):
        raise PartnershipError(
            _l("Enter a web address starting with http:// or https://."), "website"
        )
    other = Institution.id != current.id if current is not None else True
    if db.session.scalar(
        select(Institution.id).where(Institution.schac_code == data["schac_code"], other)
    ):
        raise PartnershipError(
            _l("Another institution already has the SCHAC code %(code)s.", code=data["schac_code"]),
            "schac_code",
        )
    if data["erasmus_code"] and db.session.scalar(
        select(Institution.id).where(Institution.erasmus_code == data["erasmus_code"], other)
    ):
        raise PartnershipError(
            _l(
                "Another institution already has the Erasmus code %(code)s.",
                code=data["erasmus_code"],
            ),
            "erasmus_code",
        )


def create_institution(*, actor, **fields) -> Institution:
    """Add a partner institution (the home institution comes from the setup, never from here)."""
    data = _clean_institution_fields(fields)
    _check_institution(data, None)
    institution = Institution(is_home=False, **data)
    db.session.add(institution)
    db.session.flush()
    audit.record(
        "institution.create",
        institution,
        actor=actor,
        after=audit.snapshot(institution, INSTITUTION_FIELDS),
    )
    db.session.flush()
    return institution


def update_institution(institution: Institution, *, actor, **fields) -> Institution:
    """Correct an institution's data; the home flag never changes here."""
    data = _clean_institution_fields(fields)
    _check_institution(data, institution)
    before = audit.snapshot(institution, INSTITUTION_FIELDS)
    for key, value in data.items():
        setattr(institution, key, value)
    _record_edit("institution.update", institution, before, INSTITUTION_FIELDS, actor)
    db.session.flush()
    return institution


def _record_edit(action: str, obj, before: dict, fields: list[str], actor) -> None:
    old, new = audit.changes(before, audit.snapshot(obj, fields))
    if new:
        audit.record(action, obj, actor=actor, before=old, after=new)


# --- Partnerships ---------------------------------------------------------------------------


def _check_partnership(data: dict) -> None:
    partner = data["partner"]
    if partner is None:
        raise PartnershipError(_l("Choose the partner institution."), "partner_id")
    if partner.is_home:
        raise PartnershipError(
            _l("An agreement is with a partner, not with the home institution."), "partner_id"
        )
    if not (data.get("title") or "").strip():
        raise PartnershipError(_l("Enter a title for the agreement."), "title")
    unit = data.get("org_unit")
    if unit is not None and not unit.institution.is_home:
        raise PartnershipError(
            _l("Choose a faculty or department of the home institution."), "org_unit_id"
        )
    first, last = data["first_year"], data["last_year"]
    if first is None:
        raise PartnershipError(_l("Enter the first academic year, e.g. 2026/2027."), "first_year")
    if last is None:
        raise PartnershipError(_l("Enter the last academic year, e.g. 2030/2031."), "last_year")
    if not 1990 <= first <= 2200:
        raise PartnershipError(_l("Enter a year between 1990 and 2200."), "first_year")
    if last < first:
        raise PartnershipError(
            _l(
                "The last academic year cannot be before the first (%(first)s).",
                first=academic_year_label(first),
            ),
            "last_year",
        )
    unknown = [c for c in data.get("subject_areas") or [] if c not in ISCED_FIELDS]
    if unknown:
        raise PartnershipError(
            _l("Unknown ISCED-F codes: %(codes)s.", codes=", ".join(unknown)), "subject_areas"
        )


def _apply_partnership(partnership: Partnership, data: dict) -> None:
    partnership.partner = data["partner"]
    partnership.org_unit = data.get("org_unit")
    partnership.title = data["title"].strip()
    partnership.first_year = data["first_year"]
    partnership.last_year = data["last_year"]
    partnership.subject_areas = data.get("subject_areas") or []
    partnership.notes = (data.get("notes") or "").strip() or None


def create_partnership(
    *,
    partner: Institution,
    title: str,
    first_year: int,
    last_year: int,
    actor,
    org_unit: OrgUnit | None = None,
    subject_areas=(),
    notes: str | None = None,
) -> Partnership:
    """Record a new agreement in draft; it is activated through the workflow."""
    data = dict(
        partner=partner,
        title=title,
        first_year=first_year,
        last_year=last_year,
        org_unit=org_unit,
        subject_areas=list(subject_areas),
        notes=notes,
    )
    _check_partnership(data)
    _check_partner_not_archived(partner)
    partnership = Partnership(state=PartnershipState.DRAFT)
    _apply_partnership(partnership, data)
    db.session.add(partnership)
    db.session.flush()
    audit.record(
        "partnership.create",
        partnership,
        actor=actor,
        after=audit.snapshot(partnership, PARTNERSHIP_FIELDS + ["state"]),
    )
    db.session.flush()
    return partnership


def update_partnership(partnership: Partnership, *, actor, **fields) -> Partnership:
    """Edit an agreement that is not final; its validity must still cover its programs' years."""
    if partnership.state in FINAL:
        raise PartnershipError(
            _l("A %(state)s agreement can no longer be edited.", state=partnership.state.label)
        )
    data = {
        "partner": partnership.partner,
        "org_unit": partnership.org_unit,
        "title": partnership.title,
        "first_year": partnership.first_year,
        "last_year": partnership.last_year,
        "subject_areas": partnership.subject_areas,
        "notes": partnership.notes,
    } | fields
    _check_partnership(data)
    if data["partner"] is not partnership.partner:
        _check_partner_not_archived(data["partner"])
    _check_programs_still_covered(partnership, data["first_year"], data["last_year"])
    before = audit.snapshot(partnership, PARTNERSHIP_FIELDS)
    _apply_partnership(partnership, data)
    db.session.flush()
    _record_edit("partnership.update", partnership, before, PARTNERSHIP_FIELDS, actor)
    db.session.flush()
    return partnership


def _check_partner_not_archived(partner: Institution) -> None:
    if partner.archived_at is not None:
        raise PartnershipError(
            _l("%(name)s is archived; restore it before recording an agreement with it.",
               name=partner.name),
            "partner_id",
        )  # fmt: skip


def _check_programs_still_covered(partnership: Partnership, first: int, last: int) -> None:
    refusal = validity_refusal.first(partnership, first, last)
    if refusal is not None:
        raise PartnershipError(*refusal)


def partnership_actions(partnership: Partnership) -> list[Action]:
    """The state changes the workflow table allows from the agreement's current state."""
    actions = []
    for target in partnership_workflow.next_states(partnership.state):
        if target == PartnershipState.ACTIVE:
            label = (
                _l("Resume") if partnership.state == PartnershipState.SUSPENDED else _l("Activate")
            )
            actions.append(Action(target, str(label), "positive"))
        elif target == PartnershipState.SUSPENDED:
            actions.append(
                Action(
                    target,
                    str(_l("Suspend")),
                    "caution",
                    str(
                        _l(
                            "Suspend this agreement? No call can be published "
                            "under it until it is resumed."
                        )
                    ),
                )
            )
        elif target == PartnershipState.EXPIRED:
            actions.append(
                Action(
                    target,
                    str(_l("Mark expired")),
                    "neutral",
                    str(_l("Mark this agreement as expired? This is final.")),
                )
            )
        elif target == PartnershipState.TERMINATED:
            actions.append(
                Action(
                    target,
                    str(_l("Terminate")),
                    "destructive",
                    str(_l("Terminate this agreement? This is final and cannot be undone.")),
                )
            )
    return actions


def change_partnership_state(
    partnership: Partnership, target: PartnershipState, *, actor, note: str | None = None
):
    """Move an agreement through its workflow (the transition writes the audit record)."""
    return partnership_workflow.transition(
        partnership, PartnershipState(target), actor=actor, note=(note or "").strip() or None
    )
