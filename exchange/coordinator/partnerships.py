"""Partnerships (agreements): list, create, edit, detail and their state changes."""

from __future__ import annotations

from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.models import OrgUnit
from exchange.accounts.org_units import home_units
from exchange.accounts.scope import in_scope
from exchange.coordinator import bp
from exchange.forms import TransitionForm
from exchange.partnerships import conditions, history, policy, queries, services
from exchange.partnerships.documents import size_label
from exchange.partnerships.forms import ConditionForm, PartnershipForm
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import PartnershipState
from exchange.programs.queries import programs_of_partnership
from exchange.reference import COUNTRIES, ISCED_FIELDS
from exchange.web import (
    actor,
    authorize,
    button_flow,
    form_flow,
    load,
    page,
    paginate,
    picked,
    refuse,
)


def partnership_or_404(partnership_id: int) -> Partnership:
    return load(Partnership, partnership_id)


def detail_url(partnership: Partnership, anchor: str | None = None) -> str:
    """The agreement's page, at one of its sections (conditions, signatories, document)."""
    return url_for("coordinator.partnership_detail", partnership_id=partnership.id, _anchor=anchor)


def _form(obj=None) -> PartnershipForm:
    form = PartnershipForm(obj=obj)
    # Scoped coordinators may only give agreements to their own units.
    units = [u for u in home_units() if in_scope(current_user, u.id)]
    partners = queries.partner_institutions()
    if obj is not None and obj.partner.is_archived:
        # An agreement keeps its (now archived) partner; new agreements cannot choose it.
        partners.append(obj.partner)
    form.set_choices(partners, units)
    if not in_scope(current_user, None):
        form.org_unit_id.choices = form.org_unit_id.choices[1:]
    return form


def _form_data(form: PartnershipForm) -> dict:
    return dict(
        partner=picked(Institution, form.partner_id.data),
        org_unit=picked(OrgUnit, form.org_unit_id.data),
        title=form.title.data,
        first_year=form.first_year.data,
        last_year=form.last_year.data,
        subject_areas=form.subject_areas.data or [],
        notes=form.notes.data,
    )


@bp.get("/partnerships")
def partnership_list():
    authorize(policy.can_create_partnership(current_user))
    visible = policy.visible_partnerships_clause(current_user)
    country = request.args.get("country", "").strip().upper()
    subject = request.args.get("subject", "").strip()
    expiring = request.args.get("expiring", None, type=int)
    filters = {
        "status": request.args.get("status", ""),
        "partner": request.args.get("partner", None, type=int),
        "q": request.args.get("q", "").strip(),
        "country": country if country in COUNTRIES else "",
        "subject": subject if subject in ISCED_FIELDS else "",
        "expiring": expiring if expiring in queries.EXPIRY_HORIZONS else None,
    }
    query = queries.partnerships_query(
        state=filters["status"],
        partner_id=filters["partner"],
        search=filters["q"],
        country=filters["country"],
        subject=filters["subject"],
        expiring_days=filters["expiring"],
        today=date.today(),
        where=visible,
    )
    return page(
        "coordinator/partnership_list.html",
        page=paginate(query),
        partners=queries.partner_institutions(include_archived=True),
        countries=queries.institution_countries(),
        subjects=queries.subject_choices(visible),
        horizons=queries.EXPIRY_HORIZONS,
        agreement_end=queries.agreement_end,
        states=list(PartnershipState),
        filters=filters,
    )


@bp.route("/partnerships/new", methods=["GET", "POST"])
def partnership_create():
    authorize(policy.can_create_partnership(current_user))
    form = _form()
    if request.method == "GET" and request.args.get("partner", type=int):
        form.partner_id.data = request.args.get("partner", type=int)
    return form_flow(
        "coordinator/partnership_create.html",
        form,
        lambda: services.create_partnership(actor=actor(), **_form_data(form)),
        lambda partnership: (
            detail_url(partnership),
            _(
                "The agreement was recorded as a draft. Add its cooperation conditions, "
                "then activate it."
            ),
        ),
    )


@bp.get("/partnerships/<int:partnership_id>")
def partnership_detail(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_view_partnership(current_user, partnership))
    return render_detail(partnership)


def render_detail(partnership: Partnership, *, document_form=None, done=None):
    """The agreement's page; the upload view re-renders it with the form's errors (422)."""
    from exchange.partnerships.record_forms import DocumentForm

    can_change = policy.can_change_partnership_state(current_user, partnership)
    return page(
        "coordinator/partnership_detail.html",
        done=done,
        partnership=partnership,
        programs=programs_of_partnership(partnership.id),
        history=history.partnership_history(partnership),
        actions=services.partnership_actions(partnership) if can_change else [],
        transition_form=TransitionForm(formdata=None),
        document_form=document_form or DocumentForm(formdata=None),
        agreement_end=queries.agreement_end(partnership.last_year),
        size_label=size_label,
    )


@bp.route("/partnerships/<int:partnership_id>/edit", methods=["GET", "POST"])
def partnership_edit(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_edit_partnership(current_user, partnership))
    form = _form(obj=partnership)
    return form_flow(
        "coordinator/partnership_edit.html",
        form,
        lambda: services.update_partnership(partnership, actor=actor(), **_form_data(form)),
        lambda _done: (detail_url(partnership), _("Changes to the agreement were saved.")),
        partnership=partnership,
    )


@bp.post("/partnerships/<int:partnership_id>/transition")
def partnership_transition(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_change_partnership_state(current_user, partnership))
    form = TransitionForm()
    target = form.chosen(PartnershipState)
    if target is None:
        return refuse(detail_url(partnership), _("Choose one of the status buttons."))
    return button_flow(
        detail_url(partnership),
        lambda: services.change_partnership_state(
            partnership, target, actor=actor(), note=form.note.data
        ),
        lambda _done: _("The agreement is now %(state)s.", state=partnership.state.label),
    )


# --- Cooperation conditions -----------------------------------------------------------------


def _condition_or_404(partnership: Partnership, condition_id: int) -> CooperationCondition:
    return load(
        CooperationCondition, condition_id, where=lambda c: c.partnership_id == partnership.id
    )


@bp.route("/partnerships/<int:partnership_id>/conditions/new", methods=["GET", "POST"])
def condition_create(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_manage_conditions(current_user, partnership))
    form = ConditionForm()
    return form_flow(
        "coordinator/condition_create.html",
        form,
        lambda: conditions.add_condition(partnership, actor=actor(), **form.fields()),
        lambda _done: (
            detail_url(partnership, "conditions"),
            _("The cooperation condition was added."),
        ),
        partnership=partnership,
    )


@bp.route(
    "/partnerships/<int:partnership_id>/conditions/<int:condition_id>/edit",
    methods=["GET", "POST"],
)
def condition_edit(partnership_id: int, condition_id: int):
    partnership = partnership_or_404(partnership_id)
    condition = _condition_or_404(partnership, condition_id)
    authorize(policy.can_manage_conditions(current_user, partnership))
    form = ConditionForm(obj=condition)
    return form_flow(
        "coordinator/condition_edit.html",
        form,
        lambda: conditions.update_condition(condition, actor=actor(), **form.fields()),
        lambda _done: (
            detail_url(partnership, "conditions"),
            _("The cooperation condition was saved."),
        ),
        partnership=partnership,
        condition=condition,
    )


@bp.post("/partnerships/<int:partnership_id>/conditions/<int:condition_id>/delete")
def condition_delete(partnership_id: int, condition_id: int):
    partnership = partnership_or_404(partnership_id)
    condition = _condition_or_404(partnership, condition_id)
    authorize(policy.can_manage_conditions(current_user, partnership))
    return button_flow(
        detail_url(partnership, "conditions"),
        lambda: conditions.delete_condition(condition, actor=actor()),
        _("The cooperation condition was deleted."),
    )
