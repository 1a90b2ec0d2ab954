"""Notices: the list with unread ones highlighted, open one (marks it read), mark all read."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from exchange.extensions import login_manager
from exchange.notifications import notices, policy
from exchange.notifications.notices import Notice
from exchange.web import actor, authorize, load, page, paginate, saved

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.before_request
def _signed_in_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.get("/")
def notice_list():
    authorize(policy.can_list_notices(current_user))
    unread_only = request.args.get("show") == "unread"
    return page(
        "notices/notice_list.html",
        page=paginate(notices.notices_for(current_user, unread_only=unread_only)),
        unread_only=unread_only,
    )


@bp.get("/<int:notice_id>")
def notice_open(notice_id: int):
    """Mark the notice read and go where it points (back to the list when it points nowhere)."""
    # Another person's notice answers 404: its existence does not leak.
    notice = load(Notice, notice_id, where=lambda n: policy.can_open_notice(current_user, n))
    notices.mark_read(notice, actor=actor())
    if notice.link:
        return saved(request.script_root + notice.link)
    return saved(url_for("notices.notice_list", _anchor=f"notice-{notice.id}"))


@bp.post("/read")
def notice_mark_all_read():
    authorize(policy.can_list_notices(current_user))
    count = notices.mark_all_read(current_user)
    back = url_for("notices.notice_list")
    if count:
        message = ngettext("Marked %(num)d notice as read.", "Marked %(num)d notices as read.",
                           count)  # fmt: skip
        return saved(back, message)
    return saved(back, _("There were no unread notices."), "info")
