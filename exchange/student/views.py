"""Student screens: the dashboard, the program catalogue and the language profile.

Applications have their own view modules (applications.py, drafts.py), imported at the end.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.accounts.languages import (
    LanguageLevelForm,
    RemoveLanguageForm,
    language_levels,
    languages_of,
    remove_language,
    set_language_level,
)
from exchange.accounts.roles import Role
from exchange.applications.queries import applications_of
from exchange.applications.student_view import applications_by_call, apply_option, student_state
from exchange.programs import policy
from exchange.programs.catalogue import (
    CatalogueFilters,
    catalogue_query,
    filter_choices,
    visible_program,
)
from exchange.programs.eligibility import check, check_all
from exchange.programs.queries import open_programs_query
from exchange.reference import language_name
from exchange.web import (
    actor,
    attempt,
    authorize,
    button_flow,
    gate_blueprint,
    page,
    paginate,
    refuse,
    rows,
    saved,
)

bp = Blueprint("student", __name__, url_prefix="/student")
gate_blueprint(bp, Role.STUDENT)

DASHBOARD_PROGRAMS = 6


def _apply_options(programs, verdicts) -> dict:
    """What each program's card offers (apply, add, open the application), in one query."""
    mine = applications_by_call(current_user, [p.call_id for p in programs])
    return {p.id: apply_option(p, verdicts[p.id], mine.get(p.call_id)) for p in programs}


@bp.get("/")
def dashboard():
    today = date.today()
    programs = rows(open_programs_query(today).limit(DASHBOARD_PROGRAMS))
    languages = language_levels(current_user)
    verdicts = check_all(current_user, programs, languages, today)
    mine = applications_of(current_user)
    return page(
        "student/dashboard.html",
        programs=programs,
        verdicts=verdicts,
        options=_apply_options(programs, verdicts),
        applications=mine,
        states={a.id: student_state(a) for a in mine},
        languages=languages,
        student=current_user,
        today=today,
    )


@bp.get("/programs")
def catalogue():
    today = date.today()
    filters = CatalogueFilters.clean(request.args)
    languages = language_levels(current_user)
    found = paginate(catalogue_query(filters, today, student=current_user, languages=languages))
    verdicts = check_all(current_user, found.items, languages, today)
    return page(
        "student/catalogue.html",
        page=found,
        filters=filters,
        choices=filter_choices(today),
        verdicts=verdicts,
        options=_apply_options(found.items, verdicts),
        languages=languages,
        today=today,
    )


@bp.get("/programs/<int:program_id>")
def program_detail(program_id: int):
    today = date.today()
    program = visible_program(program_id, today)
    authorize(program is not None and policy.can_view_program(current_user, program), hide=True)
    languages = language_levels(current_user)
    verdict = check(current_user, program, languages, today)
    return page(
        "student/program_detail.html",
        program=program,
        verdict=verdict,
        option=_apply_options([program], {program.id: verdict})[program.id],
        languages=languages,
        today=today,
    )


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = LanguageLevelForm()
    remove_form = RemoveLanguageForm()
    if request.method == "POST" and "remove" in request.form:
        return _remove_language(remove_form)
    if request.method == "GET" and request.args.get("language"):
        # "Change" links open the form on that language, with its current level.
        form.language.data = request.args["language"]
        form.level.data = language_levels(current_user).get(request.args["language"], "")
    done = attempt(form)
    if form.validate_on_submit():
        with done:
            set_language_level(actor(), form.language.data, form.level.data, actor=actor())
        if done:
            return saved(
                url_for("student.profile"),
                _(
                    "Saved: %(language)s %(level)s.",
                    language=language_name(form.language.data),
                    level=form.level.data,
                ),
            )
    return page(
        "student/profile.html",
        status=200,
        form=form,
        rows=languages_of(current_user),
        student=current_user,
    )


def _remove_language(remove_form: RemoveLanguageForm):
    back = url_for("student.profile")
    if not remove_form.validate_on_submit():
        return refuse(back, _("The language could not be removed; please try again."))
    language = remove_form.remove.data
    return button_flow(
        back,
        lambda: remove_language(actor(), language, actor=actor()),
        _("Removed %(language)s from your profile.", language=language_name(language)),
    )


# The view modules register their routes on bp.
from exchange.student import applications, drafts, objections, results  # noqa: E402,F401
