"""The faculty member's visit proposals: list, propose, edit, submit, files, cancel,
confirmation and report."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.extensions import db
from exchange.faculty.views import bp
from exchange.forms import attach_error
from exchange.partnerships.models import InstitutionContact
from exchange.transactions import commit
from exchange.visits import chain, closing, documents, queries, services
from exchange.visits import policy as visit_policy
from exchange.visits import staff_days as days
from exchange.visits.errors import VisitError, VisitRulesError
from exchange.visits.forms import CancelForm, DocumentForm, ReportForm, VisitForm
from exchange.visits.models import Visit, VisitDocument
from exchange.web import authorize


def load_visit(visit_id: int) -> Visit:
    visit = db.session.get(Visit, visit_id)
    if visit is None:
        abort(404)
    return visit


def attach_problems(form, error: VisitError) -> None:
    for problem in getattr(error, "problems", None) or [error]:
        attach_error(form, problem if hasattr(problem, "field") else error)


def _contact(form, partnership):
    if not form.host_contact_id.data:
        return None
    contact = db.session.get(InstitutionContact, form.host_contact_id.data)
    if contact is None or partnership is None or contact.institution_id != partnership.partner_id:
        raise VisitError(_("Choose a contact of the partner institution."), "host_contact_id")
    return contact


def _partnership(form, offered):
    chosen = {p.id: p for p in offered}.get(form.partnership_id.data)
    if chosen is None:
        raise VisitError(_("Choose an agreement from the list."), "partnership_id")
    return chosen


def _visit_days(visit: Visit | None, *, counting_it: bool = True):
    """The staff days of the visit's condition and year; the form leaves the visit out."""
    if visit is None or visit.academic_year is None:
        return None
    return days.staff_days(
        visit.partnership, visit.mobility_type, visit.academic_year,
        exclude_visit_id=None if counting_it else visit.id,
    )  # fmt: skip


def _render_form(form, visit, offered, status=200):
    return render_template(
        "faculty/visits/visit_form.html",
        form=form,
        visit=visit,
        overview=queries.remaining_days_overview(offered, queries.offered_years()),
        visit_days=_visit_days(visit, counting_it=False),
        settings=services._settings(),
        policy=visit_policy,
    ), status


def _save(form, visit, offered):
    """Save the form; with action=submit also submit. Returns the visit or None on error."""
    try:
        partnership = _partnership(form, offered)
        data = form.data_for_service(partnership, _contact(form, partnership))
        visit = services.save_draft(visit, data, actor=current_user)
        if request.form.get("action") == "submit":
            services.submit_visit(visit, actor=current_user)
    except VisitError as error:
        db.session.rollback()
        attach_problems(form, error)
        return None
    commit()
    return visit


def _flash_saved(visit: Visit) -> None:
    if visit.state == "submitted":
        step = chain.current_step(visit)
        flash(_("Your proposal was submitted; it now waits for %(step)s.",
                step=step.label.lower()), "success")  # fmt: skip
    else:
        flash(_("Draft saved. Submit it when it is complete."), "success")


@bp.get("/visits")
def visit_list():
    authorize(visit_policy.can_propose(current_user))
    visits = queries.my_visits(current_user)
    return render_template(
        "faculty/visits/visit_list.html",
        groups=queries.group_by_state(visits),
        total=len(visits),
        heads_unit=queries.heads_some_unit(current_user),
        today=date.today(),
    )


@bp.route("/visits/new", methods=["GET", "POST"])
def visit_create():
    authorize(visit_policy.can_propose(current_user))
    offered = queries.proposable_partnerships(current_user)
    form = VisitForm()
    form.set_choices(offered)
    if request.method == "GET" and request.args.get("partnership", type=int):
        form.partnership_id.data = request.args.get("partnership", type=int)
    if form.validate_on_submit():
        visit = _save(form, None, offered)
        if visit is not None:
            _flash_saved(visit)
            return redirect(url_for("faculty.visit_detail", visit_id=visit.id))
    status = 422 if request.method == "POST" else 200
    return _render_form(form, None, offered, status)


@bp.route("/visits/<int:visit_id>/edit", methods=["GET", "POST"])
def visit_edit(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_edit(current_user, visit))
    offered = queries.proposable_partnerships(current_user)
    if visit.partnership not in offered:
        offered.append(visit.partnership)  # an agreement since limited stays selectable
    form = VisitForm(obj=visit)
    form.set_choices(offered)
    if form.validate_on_submit():
        saved = _save(form, visit, offered)
        if saved is not None:
            _flash_saved(saved)
            return redirect(url_for("faculty.visit_detail", visit_id=visit.id))
        visit = db.session.get(Visit, visit_id)
    elif request.method == "GET" and request.args.get("check"):
        for problem in services.check_visit(visit):
            attach_error(form, problem)
    status = 422 if request.method == "POST" else 200
    return _render_form(form, visit, offered, status)


@bp.post("/visits/<int:visit_id>/submit")
def visit_submit(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_submit(current_user, visit))
    try:
        services.submit_visit(visit, actor=current_user)
    except VisitRulesError:
        db.session.rollback()
        flash(_("The proposal cannot be submitted yet: see the fields marked below."), "danger")
        return redirect(url_for("faculty.visit_edit", visit_id=visit_id, check=1))
    except VisitError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("faculty.visit_detail", visit_id=visit_id))
    commit()
    _flash_saved(visit)
    return redirect(url_for("faculty.visit_detail", visit_id=visit_id))


@bp.get("/visits/<int:visit_id>")
def visit_detail(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    return render_template(
        "faculty/visits/visit_detail.html",
        visit=visit,
        timeline=queries.timeline_entries(visit),
        visit_days=_visit_days(visit),
        step=chain.current_step(visit),
        steps=chain.chain_for(visit.visit_type),
        document_form=DocumentForm(),
        cancel_form=CancelForm(),
        policy=visit_policy,
        today=date.today(),
    )


@bp.post("/visits/<int:visit_id>/documents")
def visit_document_upload(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_manage_documents(current_user, visit))
    form = DocumentForm()
    upload = request.files.get("document")
    try:
        documents.upload_visit_document(
            visit, form.kind.data, upload.filename if upload else None,
            upload.stream if upload else b"", actor=current_user,
            max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
        )  # fmt: skip
    except VisitError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_template(
            "faculty/visits/visit_detail.html", visit=visit,
            timeline=queries.timeline_entries(visit), visit_days=_visit_days(visit),
            step=chain.current_step(visit), steps=chain.chain_for(visit.visit_type),
            document_form=form, cancel_form=CancelForm(), policy=visit_policy,
            today=date.today(),
        ), 422  # fmt: skip
    commit()
    flash(_("The file was added."), "success")
    return redirect(url_for("faculty.visit_detail", visit_id=visit_id) + "#documents")


def _document(visit: Visit, document_id: int) -> VisitDocument:
    document = db.session.get(VisitDocument, document_id)
    if document is None or document.visit_id != visit.id:
        abort(404)
    return document


@bp.post("/visits/<int:visit_id>/documents/<int:document_id>/remove")
def visit_document_remove(visit_id: int, document_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_manage_documents(current_user, visit))
    try:
        documents.remove_visit_document(_document(visit, document_id), actor=current_user)
    except VisitError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        commit()
        flash(_("The file was removed."), "success")
    return redirect(url_for("faculty.visit_detail", visit_id=visit_id) + "#documents")


@bp.get("/visits/<int:visit_id>/documents/<int:document_id>")
def visit_document_download(visit_id: int, document_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_download_document(current_user, visit), hide=True)
    document = _document(visit, document_id)
    return documents.document_content(document), 200, documents.download_headers(document)


@bp.route("/visits/<int:visit_id>/cancel", methods=["GET", "POST"])
def visit_cancel(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_cancel(current_user, visit))
    form = CancelForm()
    if form.validate_on_submit():
        try:
            closing.cancel_visit(visit, actor=current_user, reason=form.reason.data)
        except VisitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("The visit was cancelled; its staff days are free again."), "success")
            return redirect(url_for("faculty.visit_detail", visit_id=visit_id))
    status = 422 if request.method == "POST" else 200
    return render_template("faculty/visits/visit_cancel.html", visit=visit, form=form), status


@bp.get("/visits/<int:visit_id>/confirmation")
def visit_confirmation(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_view_confirmation(current_user, visit))
    return render_template(
        "faculty/visits/visit_confirmation.html",
        visit=visit,
        steps=chain.chain_for(visit.visit_type),
        back_url=url_for("faculty.visit_detail", visit_id=visit.id),
    )


@bp.route("/visits/<int:visit_id>/report", methods=["GET", "POST"])
def visit_report(visit_id: int):
    visit = load_visit(visit_id)
    authorize(visit_policy.can_view(current_user, visit), hide=True)
    authorize(visit_policy.can_report(current_user, visit))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            closing.file_report(visit, form.data, actor=current_user)
        except VisitError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("Thank you: the report is filed and the visit completed."), "success")
            return redirect(url_for("faculty.visit_detail", visit_id=visit_id))
    status = 422 if request.method == "POST" else 200
    return render_template("faculty/visits/visit_report.html", visit=visit, form=form), status
