"""An agreement's signatories and signed document (upload, replace, download)."""

from __future__ import annotations

from flask import Response, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from exchange.coordinator import bp
from exchange.coordinator.partnerships import detail_url, partnership_or_404, render_detail
from exchange.partnerships import documents, policy, signatories
from exchange.partnerships.models import Partnership, Signatory
from exchange.partnerships.record_forms import DocumentForm, SignatoryForm
from exchange.web import actor, attempt, authorize, button_flow, form_flow, load, saved

# --- Signatories ----------------------------------------------------------------------------


def _signatory_or_404(partnership: Partnership, signatory_id: int) -> Signatory:
    return load(Signatory, signatory_id, where=lambda s: s.partnership_id == partnership.id)


def _signatory_page(partnership: Partnership, form: SignatoryForm, run, message, signatory=None):
    return form_flow(
        "coordinator/signatory_form.html",
        form,
        run,
        lambda _done: (detail_url(partnership, "signatories"), message),
        partnership=partnership,
        signatory=signatory,
    )


@bp.route("/partnerships/<int:partnership_id>/signatories/new", methods=["GET", "POST"])
def signatory_create(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_manage_signatories(current_user, partnership))
    form = SignatoryForm()
    if request.method == "GET":
        form.side.data = request.args.get("side", "home")
    return _signatory_page(
        partnership,
        form,
        lambda: signatories.add_signatory(partnership, actor=actor(), **form.fields()),
        _("The signatory was added."),
    )


@bp.route(
    "/partnerships/<int:partnership_id>/signatories/<int:signatory_id>/edit",
    methods=["GET", "POST"],
)
def signatory_edit(partnership_id: int, signatory_id: int):
    partnership = partnership_or_404(partnership_id)
    signatory = _signatory_or_404(partnership, signatory_id)
    authorize(policy.can_manage_signatories(current_user, partnership))
    form = SignatoryForm(obj=signatory)
    return _signatory_page(
        partnership,
        form,
        lambda: signatories.update_signatory(signatory, actor=actor(), **form.fields()),
        _("Changes to the signatory were saved."),
        signatory,
    )


@bp.post("/partnerships/<int:partnership_id>/signatories/<int:signatory_id>/delete")
def signatory_delete(partnership_id: int, signatory_id: int):
    partnership = partnership_or_404(partnership_id)
    signatory = _signatory_or_404(partnership, signatory_id)
    authorize(policy.can_manage_signatories(current_user, partnership))
    return button_flow(
        detail_url(partnership, "signatories"),
        lambda: signatories.delete_signatory(signatory, actor=actor()),
        _("The signatory was removed."),
    )


# --- The signed document --------------------------------------------------------------------


@bp.post("/partnerships/<int:partnership_id>/document")
def agreement_document_upload(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    authorize(policy.can_upload_agreement(current_user, partnership))
    form = DocumentForm()
    done = attempt(form)
    if form.validate_on_submit():
        upload = form.document.data
        replacing = partnership.document is not None
        with done:
            documents.store_agreement_document(
                partnership,
                filename=upload.filename,
                # MAX_CONTENT_LENGTH already bounds the request, so reading it all is safe,
                # and the message can give the file's real size.
                content=upload.read(),
                max_bytes=current_app.config["AGREEMENT_MAX_BYTES"],
                actor=actor(),
            )
        if done:
            return saved(
                detail_url(partnership, "agreement-document"),
                _("The agreement document was replaced.")
                if replacing
                else _("The agreement document was uploaded."),
            )
    return render_detail(partnership, document_form=form, done=done)


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
