"""Who signs an agreement for each side, and when.

Services check the rules, write an audit record and flush; the request commits.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange import audit
from exchange.extensions import db
from exchange.partnerships.kinds import Side
from exchange.partnerships.models import Partnership, Signatory
from exchange.partnerships.services import PartnershipError
from exchange.partnerships.states import FINAL

SIGNATORY_FIELDS = ["partnership_id", "side", "name", "position", "signed_on"]


def _check_open(partnership: Partnership) -> None:
    if partnership.state in FINAL:
        raise PartnershipError(
            _l("A %(state)s agreement can no longer be changed.", state=partnership.state.label)
        )


def _clean(fields: dict, today: date) -> dict:
    data = {
        "side": str(fields.get("side") or ""),
        "name": (fields.get("name") or "").strip(),
        "position": (fields.get("position") or "").strip(),
        "signed_on": fields.get("signed_on"),
    }
    if data["side"] not in Side.values():
        raise PartnershipError(_l("Choose the side the person signs for."), "side")
    if not data["name"]:
        raise PartnershipError(_l("Enter the signatory's name."), "name")
    if not data["position"]:
        raise PartnershipError(
            _l("Enter the signatory's position, e.g. Vice-President for International Affairs."),
            "position",
        )
    signed = data["signed_on"]
    if signed is not None:
        if signed > today:
            raise PartnershipError(
                _l("The signing date cannot be in the future; leave it empty until it is signed."),
                "signed_on",
            )
        if signed.year < 1990:
            raise PartnershipError(_l("Enter a signing date after 1990."), "signed_on")
    data["side"] = Side(data["side"])
    return data


def add_signatory(
    partnership: Partnership, *, actor, today: date | None = None, **fields
) -> Signatory:
    """Record a signatory (and the signing date, once known) for one side."""
    _check_open(partnership)
    data = _clean(fields, today or date.today())
    signatory = Signatory(partnership=partnership, **data)
    db.session.add(signatory)
    db.session.flush()
    audit.record(
        "signatory.create",
        signatory,
        actor=actor,
        after=audit.snapshot(signatory, SIGNATORY_FIELDS),
    )
    db.session.flush()
    return signatory


def update_signatory(
    signatory: Signatory, *, actor, today: date | None = None, **fields
) -> Signatory:
    _check_open(signatory.partnership)
    data = _clean(fields, today or date.today())
    before = audit.snapshot(signatory, SIGNATORY_FIELDS)
    for key, value in data.items():
        setattr(signatory, key, value)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(signatory, SIGNATORY_FIELDS))
    if new:
        audit.record("signatory.update", signatory, actor=actor, before=old, after=new)
        db.session.flush()
    return signatory


def delete_signatory(signatory: Signatory, *, actor) -> None:
    """Remove a signatory; the audit record keeps who it was (and its agreement's id)."""
    _check_open(signatory.partnership)
    audit.record(
        "signatory.delete",
        signatory,
        actor=actor,
        before=audit.snapshot(signatory, SIGNATORY_FIELDS),
    )
    signatory.partnership.signatories.remove(signatory)
    db.session.delete(signatory)
    db.session.flush()
