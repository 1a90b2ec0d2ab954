"""The view toolkit: a role view reads as its steps, and none repeats the plumbing.

    visit = load(Visit, visit_id, where=lambda v: policy.can_view_visit(current_user, v))
    authorize(policy.can_edit_visit(current_user, visit))
    form = VisitForm(obj=visit)
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            services.update_visit(visit, actor=actor(), **form.fields())
        if done:
            return saved(url_for("faculty.visit_detail", visit_id=visit.id), _("Saved."))
    return page("faculty/visits/edit.html", done=done, form=form, visit=visit)

Load or 404; authorize (403, or 404 where existence must not leak); run the service inside
a savepoint and show its rule error beside the form field it names (or as a flash); commit
once and redirect. Views hold no query and no rollback of their own: this module does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from exchange.accounts.policy import can_enter_area
from exchange.accounts.roles import Role
from exchange.extensions import db, login_manager
from exchange.forms import attach_error
from exchange.rules import ConflictError, RuleError
from exchange.transactions import commit

T = TypeVar("T")

# Said when a row lock could not be had or a versioned row changed under the request.
BUSY = _l("Someone changed this at the same moment. Check it below and try again.")


# --- Gate and authorization ------------------------------------------------------------------


def gate_blueprint(bp: Blueprint, role: Role) -> None:
    """Anonymous visitors go to sign-in; signed-in people without the role get 403."""

    @bp.before_request
    def _gate():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_enter_area(current_user, role):
            abort(403)
        return None


def authorize(allowed: bool, *, hide: bool = False) -> None:
    """403 when not allowed; 404 when the object's existence itself must not leak."""
    if not allowed:
        abort(404 if hide else 403)


def actor():
    """The signed-in user as a real object, for services' `actor=` and audit rows."""
    return current_user._get_current_object()


# --- Loading ----------------------------------------------------------------------------------


def load(model: type[T], ident: Any, *, where: Callable[[T], bool] | None = None) -> T:
    """The row of `model` with this primary key, or 404; also 404 when `where(obj)` is false
    (a child under the wrong parent, another student's record)."""
    obj = db.session.get(model, ident) if ident is not None else None
    if obj is None or (where is not None and not where(obj)):
        abort(404)
    return obj


def first_or_404(statement) -> Any:
    """The first row a domain query returns, or 404."""
    obj = db.session.scalars(statement).first()
    if obj is None:
        abort(404)
    return obj


def rows(statement) -> list:
    """Every row a domain query returns (the view builds no query itself)."""
    return list(db.session.scalars(statement))


# --- Running a service ------------------------------------------------------------------------


class attempt:  # noqa: N801 - used as a statement, `with attempt(form) as done:`
    """Run a service inside a savepoint.

    A RuleError (or a stale version, or a row lock that could not be had) rolls the savepoint
    back, leaves what came before it, and is shown: beside the form field it names, above the
    form, or as a flash when there is no form. `done` is true when the service succeeded;
    `done.status` is the answer to re-render with (422 for a broken rule, 409 for a conflict).
    `explain(error)` may turn another error (a trigger's or a CHECK's refusal) into a RuleError
    to show the same way. Other exceptions pass through to the error pages, which roll the
    request back.
    """

    def __init__(
        self,
        form=None,
        *,
        busy=None,
        flash_field_errors: bool = False,
        explain: Callable[[Exception], RuleError | None] | None = None,
    ):
        self.form = form
        self.busy = busy or BUSY
        self.flash_field_errors = flash_field_errors
        # Says a database refusal (a trigger, a CHECK) in words; None lets the error through.
        self.explain = explain
        self.error: RuleError | None = None
        self.ok = False
        self._savepoint = None

    def __enter__(self) -> attempt:
        self._savepoint = db.session.begin_nested()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            try:
                db.session.flush()  # a stale version, a lock or a trigger shows up here
            except Exception as error:
                if not self._refused(error):
                    raise
                return False
            self._savepoint.commit()
            self.ok = True
            return False
        return self._refused(exc)

    def _refused(self, exc: BaseException) -> bool:
        """Roll the savepoint back; show the error when it is a refusal (True) or let it pass."""
        self._savepoint.rollback()
        error = exc if isinstance(exc, RuleError) else None
        if error is None and self.explain is not None and isinstance(exc, Exception):
            error = self.explain(exc)  # after the rollback, so it may read the database
        if error is None and isinstance(exc, (StaleDataError, OperationalError)):
            error = ConflictError(self.busy)
        if error is None:
            return False
        self._show(error)
        return True

    def _show(self, error: RuleError) -> None:
        self.error = error
        if self.form is not None and not self.flash_field_errors:
            attach_error(self.form, error)
        else:
            flash(str(error), "error")

    def __bool__(self) -> bool:
        return self.ok

    @property
    def status(self) -> int:
        return self.error.status if self.error is not None else 200


# --- Answering --------------------------------------------------------------------------------


def saved(url: str, message=None, category: str = "success"):
    """Commit the request's one transaction, say what happened, and redirect."""
    commit()
    if message:
        flash(str(message), category)
    return redirect(url)


def refuse(url: str, message, category: str = "error"):
    """Nothing to save: say why and go back."""
    flash(str(message), category)
    return redirect(url)


def page(template: str, *, done: attempt | None = None, status: int | None = None, **context):
    """Render a page. A form page answers 422 after a POST that did not save, or the failed
    attempt's own status (409 for a conflict); a plain GET answers 200."""
    if status is None:
        if done is not None and done.error is not None:
            status = done.status
        else:
            status = 422 if request.method == "POST" else 200
    return render_template(template, **context), status


def paginate(statement, *, max_per_page: int | None = None):
    """One page of a domain query: the `page` of the query string, PAGE_SIZE rows, and an
    empty page (not a 404) past the end."""
    return db.paginate(
        statement,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        max_per_page=max_per_page,
        error_out=False,
    )


class quiet_attempt(attempt):  # noqa: N801 - a statement, like attempt
    """An attempt that leaves its error to the page (`done.error`), for pages whose messages
    have places of their own: a plain HTML form, one message per part of a larger form."""

    def _show(self, error: RuleError) -> None:
        self.error = error


def form_flow(template: str, form, run: Callable[[], Any], then, *, explain=None, **context):
    """A form view's steps after load and authorize: on a valid POST run the service in an
    attempt; when it succeeds commit and redirect to `then(result)` -> (url, message);
    otherwise render the form (with its errors) and the context.

        form = InstitutionForm(obj=institution)
        return form_flow(
            "coordinator/institution_edit.html", form,
            lambda: services.update_institution(institution, actor=actor(), **form.fields()),
            lambda done: (detail_url, _("Changes were saved.")),
            institution=institution,
        )
    """
    done = attempt(form, explain=explain)
    if form.validate_on_submit():
        with done:
            result = run()
        if done:
            return saved(*then(result))
    return page(template, done=done, form=form, **context)


def button_flow(back: str, run: Callable[[], Any], message):
    """A button's steps after load and authorize: run the service in an attempt (a refusal is
    flashed); commit and say `message` (or `message(result)`) when it succeeded; go `back`."""
    with attempt() as done:
        result = run()
    if not done:
        return redirect(back)
    return saved(back, message(result) if callable(message) else message)


def picked(model: type[T], ident: Any) -> T | None:
    """The row a form's select names, or None (nothing picked, or an id that is no row): the
    form or the service says what is wrong, where load() would answer 404."""
    return db.session.get(model, ident) if ident else None


class _RequestTransaction:
    """The request's own transaction, standing where attempt keeps its savepoint."""

    def rollback(self) -> None:
        db.session.rollback()

    def commit(self) -> None:
        commit()


class attempt_and_commit(attempt):  # noqa: N801 - a statement, like attempt
    """An attempt that commits the request at its end, for a button whose service is the
    request's only change: a conflict that shows only at COMMIT is still answered as one, and
    no SAVEPOINT opens SQLite's transaction before the service reads (two requests that read
    first then write would deadlock; without it the write lock is taken at the first write).
    On success it has committed: say so and redirect, no saved()."""

    def __enter__(self) -> attempt_and_commit:
        self._savepoint = _RequestTransaction()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            return super().__exit__(exc_type, exc, tb)
        try:
            commit()
        except (StaleDataError, OperationalError):
            db.session.rollback()
            self._show(ConflictError(self.busy))
            return False
        self.ok = True
        return False
