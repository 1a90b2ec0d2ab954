"""Cooperation conditions: what an agreement allows per direction and mobility type.

Services check the rules, write an audit record for every change and flush; the request
commits. A broken rule raises PartnershipError naming the form field it concerns.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.extensions import db
from exchange.partnerships.models import CooperationCondition, Partnership
from exchange.partnerships.services import PartnershipError, _record_edit, condition_refusal
from exchange.partnerships.states import FINAL, Direction, MobilityType
from exchange.reference import CEFR_LEVELS, EQF_LEVELS, ISCED_FIELDS, LANGUAGES

CONDITION_FIELDS = [
    "partnership_id",
    "direction",
    "mobility_type",
    "places_per_year",
    "months_per_year",
    "days_per_year",
    "eqf_levels",
    "language",
    "cefr_level",
    "subject_areas",
]


def _check_condition(partnership: Partnership, data: dict, current: CooperationCondition | None):
    if partnership.state in FINAL:
        raise PartnershipError(
            _l("A %(state)s agreement can no longer be changed.", state=partnership.state.label)
        )
    if data["direction"] not in Direction.values():
        raise PartnershipError(_l("Choose a direction."), "direction")
    if data["mobility_type"] not in MobilityType.values():
        raise PartnershipError(_l("Choose a mobility type."), "mobility_type")
    kind = MobilityType(data["mobility_type"])
    if not data.get("places_per_year") or data["places_per_year"] < 1:
        raise PartnershipError(_l("Places per year must be at least 1."), "places_per_year")
    if kind.is_student and data.get("days_per_year"):
        raise PartnershipError(
            _l("Student mobility is counted in months; leave days empty."), "days_per_year"
        )
    if not kind.is_student and data.get("months_per_year"):
        raise PartnershipError(
            _l("Staff mobility is counted in days; leave months empty."), "months_per_year"
        )
    for key in ("months_per_year", "days_per_year"):
        if data.get(key) is not None and data[key] < 1:
            raise PartnershipError(_l("Enter a number above zero, or leave it empty."), key)
    if any(level not in EQF_LEVELS for level in data.get("eqf_levels") or []):
        raise PartnershipError(_l("Choose study levels from the list."), "eqf_levels")
    if data.get("language") and data["language"] not in LANGUAGES:
        raise PartnershipError(_l("Choose a language from the list."), "language")
    unknown = [code for code in data.get("subject_areas") or [] if code not in ISCED_FIELDS]
    if unknown:
        raise PartnershipError(
            _l("Unknown ISCED-F codes: %(codes)s.", codes=", ".join(unknown)), "subject_areas"
        )
    if data.get("cefr_level") and data["cefr_level"] not in CEFR_LEVELS:
        raise PartnershipError(_l("Choose a CEFR level from A1 to C2."), "cefr_level")
    clash = select(CooperationCondition.id).where(
        CooperationCondition.partnership_id == partnership.id,
        CooperationCondition.direction == data["direction"],
        CooperationCondition.mobility_type == data["mobility_type"],
    )
    if current is not None:
        clash = clash.where(CooperationCondition.id != current.id)
    if db.session.scalar(clash):
        raise PartnershipError(
            _l(
                "This agreement already has a condition for %(direction)s, %(type)s. Edit that "
                "one instead.",
                direction=Direction(data["direction"]).label,
                type=kind.label,
            ),
            "mobility_type",
        )
    _check_quota_kept(current, data)


def _check_quota_kept(condition: CooperationCondition | None, data: dict | None) -> None:
    """Calls already offer seats against an outgoing condition: it may not shrink below them,
    change direction or type, or (data=None) go. The database refuses it too."""
    refusal = condition_refusal.first(condition, data) if condition is not None else None
    if refusal is not None:
        raise PartnershipError(*refusal)


def _apply_condition(condition: CooperationCondition, data: dict) -> None:
    condition.direction = Direction(data["direction"])
    condition.mobility_type = MobilityType(data["mobility_type"])
    condition.places_per_year = data["places_per_year"]
    condition.months_per_year = data.get("months_per_year")
    condition.days_per_year = data.get("days_per_year")
    condition.eqf_levels = data.get("eqf_levels") or []
    condition.language = data.get("language") or None
    condition.cefr_level = data.get("cefr_level") or None
    condition.subject_areas = data.get("subject_areas") or []


def add_condition(partnership: Partnership, *, actor, **fields) -> CooperationCondition:
    """Add a cooperation condition for one direction and mobility type."""
    _check_condition(partnership, fields, None)
    condition = CooperationCondition(partnership=partnership)
    _apply_condition(condition, fields)
    db.session.add(condition)
    db.session.flush()
    audit.record(
        "condition.create",
        condition,
        actor=actor,
        after=audit.snapshot(condition, CONDITION_FIELDS),
    )
    db.session.flush()
    return condition


def update_condition(condition: CooperationCondition, *, actor, **fields) -> CooperationCondition:
    data = audit.snapshot(condition, CONDITION_FIELDS) | fields
    _check_condition(condition.partnership, data, condition)
    before = audit.snapshot(condition, CONDITION_FIELDS)
    _apply_condition(condition, data)
    db.session.flush()
    _record_edit("condition.update", condition, before, CONDITION_FIELDS, actor)
    db.session.flush()
    return condition


def delete_condition(condition: CooperationCondition, *, actor) -> None:
    """Remove a condition; the audit record keeps what it said."""
    if condition.partnership.state in FINAL:
        raise PartnershipError(
            _l(
                "A %(state)s agreement can no longer be changed.",
                state=condition.partnership.state.label,
            )
        )
    _check_quota_kept(condition, None)
    audit.record(
        "condition.delete",
        condition,
        actor=actor,
        before=audit.snapshot(condition, CONDITION_FIELDS),
    )
    condition.partnership.conditions.remove(condition)
    db.session.delete(condition)
    db.session.flush()
