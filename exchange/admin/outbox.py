"""The mail outbox: what was sent, what waits, what failed and why; retry on demand."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from exchange.accounts import policy
from exchange.accounts.forms import ConfirmForm
from exchange.admin import bp
from exchange.admin.forms import OutboxFilterForm
from exchange.extensions import db
from exchange.notifications import mail
from exchange.notifications.models import OutboxMessage, OutboxState
from exchange.transactions import commit
from exchange.web import authorize


@bp.get("/outbox")
def outbox_list():
    authorize(policy.can_manage_mail(current_user))
    filters = OutboxFilterForm(request.args).clean()
    counts = {
        OutboxState(state): n
        for state, n in db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        )
    }
    query = select(OutboxMessage)
    if filters.state.data:
        query = query.where(OutboxMessage.state == filters.state.data)
    page = db.paginate(
        query.order_by(OutboxMessage.id.desc()),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "admin/outbox_list.html", page=page, filters=filters, counts=counts,
        undelivered=counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.FAILED, 0),
        confirm_form=ConfirmForm(),
    )  # fmt: skip


@bp.post("/outbox/retry")
def outbox_retry():
    """Retry every undelivered message now, or only the one named in the form."""
    authorize(policy.can_manage_mail(current_user))
    message_id = request.form.get("message_id", type=int)
    ids = mail.retry_now(
        actor=current_user._get_current_object(),
        message_ids=[message_id] if message_id is not None else None,
    )
    commit()
    mail.deliver_pending()
    if not ids:
        flash(_("There is no undelivered mail to retry."), "info")
        return redirect(url_for("admin.outbox_list"))
    sent = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OutboxState.SENT)
    )
    if sent == len(ids):
        flash(
            ngettext("Delivered %(num)d message.", "Delivered %(num)d messages.", sent), "success"
        )
    else:
        flash(
            _("Delivered %(sent)d of %(total)d messages; the rest are still waiting. "
              "The last error of each says why.", sent=sent, total=len(ids)),
            "warning",
        )  # fmt: skip
    return redirect(url_for("admin.outbox_list", state=request.args.get("state", "")))
