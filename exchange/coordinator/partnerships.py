"""Partnerships (agreements): list, create, edit, detail and their state changes."""

from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.models import OrgUnit
from exchange.accounts.org_units import home_units
from exchange.coordinator import bp
from exchange.extensions import db
from exchange.forms import TransitionForm
from exchange.partnerships import conditions, policy, queries, services
from exchange.partnerships.documents import size_label
from exchange.partnerships.forms import ConditionForm, PartnershipForm
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import PartnershipState
from exchange.programs.queries import programs_of_partnership
from exchange.reference import COUNTRIES, ISCED_FIELDS
from exchange.web import actor, attempt, authorize, load, page, refuse, saved


def partnership_or_404(partnership_id: int) -> Partnership:
    return load(Partnership, partnership_id)


def _form(obj=None) -> PartnershipForm:
    form = PartnershipForm(obj=obj)
    # Scoped coordinators may only give agreements to their own units.
    units = [u for u in home_units() if policy.in_coordinator_scope(current_user, u.id)]
    partners = queries.partner_institutions()
    if obj is not None and obj.partner.is_archived:
        # An agreement keeps its (now archived) partner; new agreements cannot choose it.
        partners.append(obj.partner)
    form.set_choices(partners, units)
    if not policy.in_coordinator_scope(current_user, None):
        form.org_unit_id.choices = form.org_unit_id.choices[1:]
    return form


def _form_data(form: PartnershipForm) -> dict:
    return dict(
        partner=db.session.get(Institution, form.partner_id.data),
        org_unit=db.session.get(OrgUnit, form.org_unit_id.data) if form.org_unit_id.data else None,
        title=form.title.data,
        first_year=form.first_year.data,
        last_year=form.last_year.data,
        subject_areas=form.subject_areas.data or [],
        notes=form.notes.data,
    )


@bp.get("/partnerships")
def partnership_list():
    authorize(policy.can_create_partnership(current_user))
    state = request.args.get("status", "")
    partner_id = request.args.get("partner", None, type=int)
    search = request.args.get("q", "").strip()
    country = request.args.get("country", "").strip().upper()
    country = country if country in COUNTRIES else ""
    subject = request.args.get("subject", "").strip()
    subject = subject if subject in ISCED_FIELDS else ""
    expiring = request.args.get("expiring", None, type=int)
    expiring = expiring if expiring in queries.EXPIRY_HORIZONS else None
    page = db.paginate(
        queries.partnerships_query(
            state=state,
            partner_id=partner_id,
            search=search,
            country=country,
            subject=subject,
            expiring_days=expiring,
            today=date.today(),
            where=policy.visible_partnerships_clause(current_user),
        ),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "coordinator/partnership_list.html",
        page=page,
        partners=queries.partner_institutions(include_archived=True),
        countries=queries.institution_countries(),
        subjects=queries.subject_choices(policy.visible_partnerships_clause(current_user)),
        horizons=queries.EXPIRY_HORIZONS,
        agreement_end=queries.agreement_end,
        states=list(PartnershipState),
        filters={
            "status": state,
            "partner": partner_id,
            "q": search,
            "country": country,
            "subject": subject,
            "expiring": expiring,
        },
    )


@bp.route("/partnerships/new", methods=["GET", "POST"])
def partnership_create():
    authorize(policy.can_create_partnership(current_user))
    form = _form()
    if request.method == "GET" and request.args.get("partner", type=int):
        form.partner_id.data = request.args.get("partner", type=int)
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            partnership = services.create_partnership(actor=actor(), **_form_data(form))
        if done:
            return saved(
                url_for("coordinator.partnership_detail", partnership_id=partnership.id),
                _(
                    "The agreement was recorded as a draft. Add its cooperation conditions, "
                    "then activate it."
                ),
            )
    return page("coordinator/partnership_create.html", done=done, form=form)


@bp.get("/partnerships/<int:partnership_id>")
def partnership_detail(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_view_partnership(current_user, partnership))
    return render_detail(partnership)


def render_detail(partnership: Partnership, *, document_form=None, status: int = 200):
    """The agreement's page; the upload view re-renders it with the form's errors."""
    from exchange.partnerships.record_forms import DocumentForm

    can_change = policy.can_change_partnership_state(current_user, partnership)
    return render_template(
        "coordinator/partnership_detail.html",
        partnership=partnership,
        programs=programs_of_partnership(partnership.id),
        history=queries.partnership_history(partnership),
        actions=services.partnership_actions(partnership) if can_change else [],
        transition_form=TransitionForm(formdata=None),
        document_form=document_form or DocumentForm(formdata=None),
        agreement_end=queries.agreement_end(partnership.last_year),
        size_label=size_label,
    ), status


@bp.route("/partnerships/<int:partnership_id>/edit", methods=["GET", "POST"])
def partnership_edit(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_edit_partnership(current_user, partnership))
    form = _form(obj=partnership)
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            services.update_partnership(partnership, actor=actor(), **_form_data(form))
        if done:
            return saved(
                url_for("coordinator.partnership_detail", partnership_id=partnership.id),
                _("Changes to the agreement were saved."),
            )
    return page("coordinator/partnership_edit.html", done=done, form=form, partnership=partnership)


@bp.post("/partnerships/<int:partnership_id>/transition")
def partnership_transition(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_change_partnership_state(current_user, partnership))
    form = TransitionForm()
    back = url_for("coordinator.partnership_detail", partnership_id=partnership.id)
    target = form.target.data if form.validate_on_submit() else None
    if target not in PartnershipState.values():
        return refuse(back, _("Choose one of the status buttons."))
    with attempt() as done:
        services.change_partnership_state(
            partnership, PartnershipState(target), actor=actor(), note=form.note.data
        )
    if not done:
        return redirect(back)
    return saved(back, _("The agreement is now %(state)s.", state=partnership.state.label))


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
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            conditions.add_condition(partnership, actor=actor(), **form.fields())
        if done:
            return saved(_conditions_url(partnership), _("The cooperation condition was added."))
    return page("coordinator/condition_create.html", done=done, form=form, partnership=partnership)


@bp.route(
    "/partnerships/<int:partnership_id>/conditions/<int:condition_id>/edit",
    methods=["GET", "POST"],
)
def condition_edit(partnership_id: int, condition_id: int):
    partnership = partnership_or_404(partnership_id)
    condition = _condition_or_404(partnership, condition_id)
    authorize(policy.can_manage_conditions(current_user, partnership))
    form = ConditionForm(obj=condition)
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            conditions.update_condition(condition, actor=actor(), **form.fields())
        if done:
            return saved(_conditions_url(partnership), _("The cooperation condition was saved."))
    return page(
        "coordinator/condition_edit.html",
        done=done,
        form=form,
        partnership=partnership,
        condition=condition,
    )


@bp.post("/partnerships/<int:partnership_id>/conditions/<int:condition_id>/delete")
def condition_delete(partnership_id: int, condition_id: int):
    partnership = partnership_or_404(partnership_id)
    condition = _condition_or_404(partnership, condition_id)
    authorize(policy.can_manage_conditions(current_user, partnership))
    with attempt() as done:
        conditions.delete_condition(condition, actor=actor())
    if not done:
        return redirect(_conditions_url(partnership))
    return saved(_conditions_url(partnership), _("The cooperation condition was deleted."))


def _conditions_url(partnership: Partnership) -> str:
    return url_for(
        "coordinator.partnership_detail", partnership_id=partnership.id, _anchor="conditions"
    )
