"""Error pages in the site's own look, for every error a user can cause or meet."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from exchange.extensions import db

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Check what you entered and try again."),
    ),
    403: (
        _l("Not allowed"),
        _l("Your account does not have access to this page or action."),
    ),
    404: (
        _l("Not found"),
        _l("There is nothing here. The link may be old or mistyped."),
    ),
    405: (
        _l("Not allowed"),
        _l("This address does not accept that kind of request."),
    ),
    410: (
        _l("Link no longer valid"),
        _l("This link has expired or was already used."),
    ),
    413: (
        _l("File too large"),
        _l("The upload is larger than the allowed size. Choose a smaller file."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Wait a few minutes and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error happened on our side. Nothing was saved; please try again."),
    ),
    503: (
        _l("Unavailable"),
        _l("The service is briefly unavailable. Please try again soon."),
    ),
}


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(
            400,
            str(_l("The form expired or was sent from elsewhere. Reload the page and try again.")),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
