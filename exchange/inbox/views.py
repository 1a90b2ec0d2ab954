"""Notices: the list with unread ones highlighted, open one (marks it read), mark all read."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from exchange.extensions import db, login_manager
from exchange.notifications import notices, policy
from exchange.notifications.notices import Notice
from exchange.transactions import commit
from exchange.web import authorize

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
    page = db.paginate(
        notices.notices_for(current_user, unread_only=unread_only),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "notices/notice_list.html",
        page=page,
        unread_only=unread_only,
    )


@bp.get("/<int:notice_id>")
def notice_open(notice_id: int):
    """Mark the notice read and go where it points (back to the list when it points nowhere)."""
    notice = db.session.get(Notice, notice_id)
    authorize(policy.can_open_notice(current_user, notice), hide=True)
    if notices.mark_read(notice, actor=current_user._get_current_object()):
        commit()
    if notice.link:
        return redirect(request.script_root + notice.link)
    return redirect(url_for("notices.notice_list", _anchor=f"notice-{notice.id}"))


@bp.post("/read")
def notice_mark_all_read():
    authorize(policy.can_list_notices(current_user))
    count = notices.mark_all_read(current_user)
    commit()
    if count:
        flash(
            ngettext("Marked %(num)d notice as read.", "Marked %(num)d notices as read.", count),
            "success",
        )
    else:
        flash(_("There were no unread notices."), "info")
    return redirect(url_for("notices.notice_list"))
