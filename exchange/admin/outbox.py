"""The mail outbox: what was sent, what waits, what failed and why; retry on demand."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from exchange.accounts import policy
from exchange.accounts.forms import ConfirmForm
from exchange.admin import bp
from exchange.admin.forms import OutboxFilterForm
from exchange.notifications import mail
from exchange.notifications.models import OutboxState
from exchange.notifications.outbox import outbox_counts, outbox_query, sent_count
from exchange.transactions import commit
from exchange.web import actor, authorize, page, paginate, refuse


@bp.get("/outbox")
def outbox_list():
    authorize(policy.can_manage_mail(current_user))
    filters = OutboxFilterForm(request.args).clean()
    counts = outbox_counts()
    return page(
        "admin/outbox_list.html",
        page=paginate(outbox_query(filters.state.data)),
        filters=filters,
        counts=counts,
        undelivered=counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.FAILED, 0),
        confirm_form=ConfirmForm(),
    )


@bp.post("/outbox/retry")
def outbox_retry():
    """Retry every undelivered message now, or only the one named in the form."""
    authorize(policy.can_manage_mail(current_user))
    message_id = request.form.get("message_id", type=int)
    ids = mail.retry_now(
        actor=actor(), message_ids=[message_id] if message_id is not None else None
    )
    commit()  # the retry is recorded before delivery, which commits message by message
    mail.deliver_pending()
    if not ids:
        return refuse(url_for("admin.outbox_list"), _("There is no undelivered mail to retry."),
                      "info")  # fmt: skip
    sent = sent_count(ids)
    if sent == len(ids):
        flash(ngettext("Delivered %(num)d message.", "Delivered %(num)d messages.", sent),
              "success")  # fmt: skip
    else:
        flash(_("Delivered %(sent)d of %(total)d messages; the rest are still waiting. "
                "The last error of each says why.", sent=sent, total=len(ids)),
              "warning")  # fmt: skip
    return redirect(url_for("admin.outbox_list", state=request.args.get("state", "")))
