"""The proposal form's side of the workflow: the agreements a faculty member may choose, the
host among the partner's contacts, and one step that saves the draft and, when asked, submits
it (both or neither: a submission that breaks a rule leaves the draft as it was)."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from exchange.extensions import db
from exchange.partnerships.models import InstitutionContact, Partnership
from exchange.visits import queries, rules, services
from exchange.visits.errors import VisitError
from exchange.visits.models import Visit


def offered_partnerships(user, visit: Visit | None = None) -> list[Partnership]:
    """The agreements the form offers; a visit keeps its own agreement even if since limited."""
    offered = queries.proposable_partnerships(user)
    if visit is not None and visit.partnership not in offered:
        offered.append(visit.partnership)
    return offered


def _host_contact(contact_id, partnership: Partnership) -> InstitutionContact | None:
    if not contact_id:
        return None
    contact = db.session.get(InstitutionContact, contact_id)
    if contact is None or contact.institution_id != partnership.partner_id:
        raise VisitError(_l("Choose a contact of the partner institution."), "host_contact_id")
    return contact


def save_proposal(visit: Visit | None, fields: dict, *, offered, submit: bool, actor) -> Visit:
    """Save the form's fields as a draft (a new one when visit is None); with submit, also
    send it into the approval chain. `fields` are the form's, with partnership_id and
    host_contact_id. Side effects: those of services.save_draft and services.submit_visit.
    """
    fields = dict(fields)
    partnership = {p.id: p for p in offered}.get(fields.pop("partnership_id", None))
    if partnership is None:
        raise VisitError(_l("Choose an agreement from the list."), "partnership_id")
    contact = _host_contact(fields.pop("host_contact_id", None), partnership)
    data = fields | {"partnership": partnership, "host_contact": contact}
    visit = services.save_draft(visit, data, actor=actor)
    if submit:
        services.submit_visit(visit, actor=actor)
    return visit


def form_facts(visit: Visit | None, offered) -> dict:
    """What the proposal form shows beside it: days left per offered agreement, the days of
    this visit's condition (not counting it) and the rules' settings for the help texts."""
    return {
        "overview": queries.remaining_days_overview(offered, queries.offered_years()),
        "visit_days": queries.visit_days(visit, counting_it=False),
        "settings": rules.Settings.from_config(current_app.config),
    }
