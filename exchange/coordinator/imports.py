"""Import partners and agreements from a CSV file: upload, preview, confirm; and the sample.

Between the preview and the confirmation the checked file travels in the confirm form as a
signed, compressed token (itsdangerous, keyed by the app's secret, salted for this purpose,
bound to the user's id and valid for an hour). Nothing is stored on the server, so it works
with any number of workers and leaves nothing to clean up; the signature means the confirm
step imports exactly the file that was previewed; and the confirm step checks the file again
against the database, so a partner or agreement added in between is still caught.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.validators import DataRequired

from exchange.coordinator import bp
from exchange.partnerships.imports import importer
from exchange.partnerships.imports.checks import home_units
from exchange.partnerships.imports.csv_file import LIST_SEPARATOR, RowError
from exchange.partnerships.policy import can_create_partnership, can_manage_institutions
from exchange.web import actor, authorize, page, quiet_attempt, refuse, saved

TOKEN_SALT = "coordinator.import"
TOKEN_MAX_AGE = 3600
SHOWN_ERRORS = 200
SAMPLE = Path(__file__).resolve().parent.parent.parent / "samples" / "partnerships.csv"


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose the CSV file to import.")),
            FileAllowed(["csv", "txt"], _l("Upload a .csv file (in Excel: Save As > CSV UTF-8).")),
        ],
    )


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


def _may_import() -> bool:
    return can_create_partnership(current_user) and can_manage_institutions(current_user)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=TOKEN_SALT)


def _token(text: str, filename: str, check: importer.ImportCheck) -> str:
    payload = {"user": current_user.id, "csv": text, "name": filename, "counts": check.plan.counts}
    return _serializer().dumps(payload)


def _render_upload(form, check=None, status=200):
    errors = check.errors if check else []
    return page(
        "coordinator/import_upload.html",
        status=status,
        form=form,
        check=check,
        errors=errors[:SHOWN_ERRORS],
        hidden_errors=max(0, len(errors) - SHOWN_ERRORS),
        columns=importer.COLUMNS,
        separator=LIST_SEPARATOR,
        max_rows=importer.MAX_ROWS,
        max_mb=importer.MAX_BYTES // (1024 * 1024),
    )


def _refused(errors: list[RowError]):
    """The upload page again, listing why nothing was imported."""
    return _render_upload(ImportForm(formdata=None), importer.ImportCheck(errors=errors), 422)


def _render_preview(check, filename: str, text: str, changed: bool = False):
    token = _token(text, filename, check)
    if len(token) > (current_app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000) - 10_000:
        # The confirm form could not carry it back; say so now rather than fail on confirm.
        message = _("This file is too large to confirm in one step. Split it into smaller files.")
        return _refused([RowError(None, None, message)])
    return page(
        "coordinator/import_preview.html",
        status=200,
        units=home_units(),
        check=check,
        plan=check.plan,
        filename=filename,
        confirm=ConfirmForm(formdata=None, token=token),
        changed=changed,
    )


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    authorize(_may_import())
    form = ImportForm()
    if not form.validate_on_submit():
        return _render_upload(form, status=422 if form.is_submitted() else 200)
    upload = form.file.data
    data = upload.stream.read(importer.MAX_BYTES + 1)
    check = importer.prepare_import(data, actor=actor())  # reads only; nothing to roll back
    if not check.ok:
        return _render_upload(form, check, status=422)
    return _render_preview(check, upload.filename or "import.csv", data.decode("utf-8-sig"))


@bp.post("/import/confirm")
def import_confirm():
    authorize(_may_import())
    form = ConfirmForm()
    payload = _payload(form.token.data) if form.validate_on_submit() else None
    if payload is None:
        return refuse(
            url_for("coordinator.import_upload"),
            _("This preview has expired or is not valid. Upload the file again."),
        )
    text, filename = payload["csv"], payload["name"]
    check = importer.prepare_import(text, actor=actor())
    if not check.ok:
        return _render_upload(ImportForm(formdata=None), check, status=422)
    if check.plan.counts != payload["counts"]:
        # Someone changed partners or agreements since the preview: show the new numbers.
        return _render_preview(check, filename, text, changed=True)
    source = f"{filename} (sha256 {check.digest})"  # which file, exactly, for the audit
    with quiet_attempt(explain=_concurrent_change) as done:
        plan = importer.import_rows(check.rows, actor=actor(), source=source)
    if not done:
        return _refused(getattr(done.error, "errors", None) or [_nothing_imported(done.error)])
    return saved(
        url_for("coordinator.partnership_list"),
        _(
            "Imported %(file)s. New partners: %(p)s; agreements: %(a)s; conditions: %(c)s.",
            file=filename,
            p=plan.counts["new_partners"],
            a=plan.counts["agreements"],
            c=plan.counts["conditions"],
        ),
    )


def _payload(token: str) -> dict | None:
    try:
        payload = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("user") != current_user.id:
        return None
    return payload


def _concurrent_change(error: Exception) -> importer.ImportRowsError | None:
    """A unique key another change took meanwhile: said as the one reason nothing was saved."""
    if not isinstance(error, IntegrityError):
        return None
    message = _(
        "Nothing was imported: another change to partners or agreements happened at the same "
        "time. Upload the file again to check it against the current data."
    )
    return importer.ImportRowsError([RowError(None, None, message)])


def _nothing_imported(error) -> RowError:
    return RowError(None, None, _("Nothing was imported: %(reason)s", reason=str(error)))


@bp.get("/import/sample.csv")
def import_sample():
    authorize(_may_import())
    return send_file(
        SAMPLE,
        mimetype="text/csv; charset=utf-8",
        as_attachment=True,
        download_name="exchange-partnerships-sample.csv",
        max_age=0,
    )
