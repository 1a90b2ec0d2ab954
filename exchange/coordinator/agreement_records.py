"""An agreement's signatories and signed document (upload, replace, download)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.coordinator.partnerships import partnership_or_404, render_detail
from exchange.extensions import db
from exchange.forms import attach_error
from exchange.partnerships import documents, policy, services, signatories
from exchange.partnerships.models import Partnership, Signatory
from exchange.partnerships.record_forms import DocumentForm, SignatoryForm
from exchange.transactions import commit
from exchange.web import authorize


def _detail(partnership: Partnership, anchor: str):
    return redirect(
        url_for("coordinator.partnership_detail", partnership_id=partnership.id, _anchor=anchor)
    )


# --- Signatories ----------------------------------------------------------------------------


def _signatory_or_404(partnership: Partnership, signatory_id: int) -> Signatory:
    signatory = db.session.get(Signatory, signatory_id)
    if signatory is None or signatory.partnership_id != partnership.id:
        abort(404)
    return signatory


@bp.route("/partnerships/<int:partnership_id>/signatories/new", methods=["GET", "POST"])
def signatory_create(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_manage_signatories(current_user, partnership))
    form = SignatoryForm()
    if request.method == "GET":
        form.side.data = request.args.get("side", "home")
    if form.validate_on_submit():
        try:
            signatories.add_signatory(partnership, actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("The signatory was added."), "success")
            return _detail(partnership, "signatories")
    status = 422 if request.method == "POST" else 200
    return render_template(
        "coordinator/signatory_form.html", form=form, partnership=partnership, signatory=None
    ), status


@bp.route(
    "/partnerships/<int:partnership_id>/signatories/<int:signatory_id>/edit",
    methods=["GET", "POST"],
)
def signatory_edit(partnership_id: int, signatory_id: int):
    partnership = partnership_or_404(partnership_id)
    signatory = _signatory_or_404(partnership, signatory_id)
    authorize(policy.can_manage_signatories(current_user, partnership))
    form = SignatoryForm(obj=signatory)
    if form.validate_on_submit():
        try:
            signatories.update_signatory(signatory, actor=current_user, **form.fields())
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(_("Changes to the signatory were saved."), "success")
            return _detail(partnership, "signatories")
    status = 422 if request.method == "POST" else 200
    return render_template(
        "coordinator/signatory_form.html", form=form, partnership=partnership, signatory=signatory
    ), status


@bp.post("/partnerships/<int:partnership_id>/signatories/<int:signatory_id>/delete")
def signatory_delete(partnership_id: int, signatory_id: int):
    partnership = partnership_or_404(partnership_id)
    signatory = _signatory_or_404(partnership, signatory_id)
    authorize(policy.can_manage_signatories(current_user, partnership))
    try:
        signatories.delete_signatory(signatory, actor=current_user)
    except services.PartnershipError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        commit()
        flash(_("The signatory was removed."), "success")
    return _detail(partnership, "signatories")


# --- The signed document --------------------------------------------------------------------


@bp.post("/partnerships/<int:partnership_id>/document")
def agreement_document_upload(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_upload_agreement(current_user, partnership))
    form = DocumentForm()
    if form.validate_on_submit():
        max_bytes = current_app.config["AGREEMENT_MAX_BYTES"]
        upload = form.document.data
        # MAX_CONTENT_LENGTH already bounds the request, so reading it all is safe, and the
        # message can give the file's real size.
        content = upload.read()
        replacing = partnership.document is not None
        try:
            documents.store_agreement_document(
                partnership,
                filename=upload.filename,
                content=content,
                max_bytes=max_bytes,
                actor=current_user,
            )
        except services.PartnershipError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            commit()
            flash(
                _("The agreement document was replaced.")
                if replacing
                else _("The agreement document was uploaded."),
                "success",
            )
            return _detail(partnership, "agreement-document")
    return render_detail(partnership, document_form=form, status=422)


@bp.get("/partnerships/<int:partnership_id>/document")
def agreement_document_download(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_download_agreement(current_user, partnership))
    document = documents.document_with_content(partnership)
    if document is None:
        abort(404)
    response = Response(document.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(document.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Length"] = str(document.size)
    # A signed contract: keep it out of shared caches and the browser's disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
