"""Template globals and filters shared by every screen."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, g
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from exchange import reference
from exchange.accounts import policy as account_policy
from exchange.accounts.roles import Role
from exchange.notifications.notices import unread_count
from exchange.partnerships import policy as partnership_policy
from exchange.programs import policy as program_policy
from exchange.selection import policy as selection_policy


def _date(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def unread_notices() -> int:
    """The signed-in person's unread notices: one COUNT per request, none for visitors."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notices" not in g:
        g.unread_notices = unread_count(current_user)
    return g.unread_notices


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def page_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def text_direction() -> str:
    """Arabic and Persian interfaces read right to left; the layout follows the locale."""
    return "rtl" if page_language() in RTL_LANGUAGES else "ltr"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["country"] = reference.country_name
    app.jinja_env.filters["language"] = reference.language_name
    app.jinja_env.filters["isced"] = reference.isced_label
    app.jinja_env.filters["academic_year"] = reference.academic_year_label
    app.jinja_env.globals.update(
        Role=Role,
        accounts_policy=account_policy,
        partnerships_policy=partnership_policy,
        programs_policy=program_policy,
        selection_policy=selection_policy,
        csrf_token=generate_csrf,
        page_language=page_language,
        text_direction=text_direction,
    )

    @app.context_processor
    def _notices():
        # A function, not a number: mail templates rendered in a request never pay for it.
        return {"unread_notices": unread_notices}
