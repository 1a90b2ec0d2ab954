"""The published score of each application of a call, from the formula of its programs.

Every program publishes its weights (GPA, language, review, interview; percent, summing to
100). An application's components are the same for every program it ranks, except language,
which is the level held in the program's language. For program p:

    score_p = (w_gpa*GPA + w_language*LANGUAGE + w_review*REVIEW + w_interview*INTERVIEW) / 100
              + bonuses and penalties of the call + the office's adjustment

with every component on 0..100: GPA = 100 * gpa / the home grading scale (GPA_SCALE_MAX,
capped at 100); LANGUAGE = the CEFR level, A1 = 0, A2 = 20 ... C2 = 100; REVIEW = the mean of the
submitted reviews (review_scores); INTERVIEW = the score the office recorded. A missing value
counts as 0 and is flagged on the ranking, so nobody is silently helped or hurt by a gap.

One applicant, one rank: the common order (serial dictatorship, the ranking page, the rank
in explanations) uses the score with the weights of the applicant's FIRST choice. Under
deferred acceptance each destination ranks its applicants by its own formula score
(`program_scores`), which is exactly "programs may rank by their own criteria"; when all
programs of a call share weights the two mechanisms give the same result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange.accounts.languages import StudentLanguage
from exchange.applications.models import Application
from exchange.applications.states import ApplicationState
from exchange.extensions import db
from exchange.programs.calls import Call
from exchange.programs.eligibility import TIMING, check
from exchange.reviews.queries import review_scores
from exchange.selection.models import ApplicationScore, ScoreFlag, ScoreRule
from exchange.selection.states import RuleKind

S = ApplicationState
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
CEFR_POINTS = {"A1": 0, "A2": 20, "B1": 40, "B2": 60, "C1": 80, "C2": 100}
# Applications ranked before the first committed run.
RANKABLE = (S.SUBMITTED, S.UNDER_REVIEW)
# A previous exchange, for the prior participation rule: accepted or placed in another call.
PARTICIPATED = (S.ACCEPTED, S.PLACED)


class Flag:
    """Why a row of the ranking deserves a look; each flag names a gap counted as 0."""

    MISSING_REVIEWS = "missing_reviews"
    MISSING_INTERVIEW = "missing_interview"
    MISSING_GPA = "missing_gpa"
    MISSING_LANGUAGE = "missing_language"
    NOT_ELIGIBLE = "not_eligible"

    LABELS = {
        MISSING_REVIEWS: _l("Reviews missing"),
        MISSING_INTERVIEW: _l("Interview missing"),
        MISSING_GPA: _l("GPA missing"),
        MISSING_LANGUAGE: _l("Language level missing"),
        NOT_ELIGIBLE: _l("Not eligible for a choice"),
    }


@dataclass(frozen=True)
class Components:
    """The parts of an application's score that do not depend on the program."""

    gpa: Decimal | None
    gpa_points: Decimal
    language_level: str | None
    reviews_submitted: int
    reviews_assigned: int
    review_mean: Decimal | None
    interview: Decimal | None
    bonus: Decimal
    bonus_labels: tuple[str, ...]
    adjustment: Decimal
    adjustment_reason: str | None


@dataclass
class ScoredApplication:
    application: Application
    components: Components
    choices: tuple[int, ...]  # program ids, most wanted first
    eligible: frozenset[int]
    program_scores: dict[int, Decimal]
    language_points: dict[int, Decimal]
    flags: list[str] = field(default_factory=list)
    rank: int = 0

    @property
    def score(self) -> Decimal:
        """The common score: the formula of the first choice (0 without any choice)."""
        return self.program_scores.get(self.choices[0], Decimal(0)) if self.choices else Decimal(0)

    def score_for(self, program_id: int) -> Decimal | None:
        return self.program_scores.get(program_id)

    @property
    def flag_labels(self) -> list[str]:
        return [str(Flag.LABELS[f]) for f in self.flags]


def gpa_scale() -> Decimal:
    return Decimal(str(current_app.config.get("GPA_SCALE_MAX", 4.0)))


def gpa_points(gpa: Decimal | None, scale: Decimal) -> Decimal:
    if gpa is None or scale <= 0:
        return Decimal(0)
    return min(HUNDRED * Decimal(gpa) / scale, HUNDRED)


def language_points(level: str | None) -> Decimal:
    return Decimal(CEFR_POINTS.get(level or "", 0))


def formula(program, *, gpa: Decimal, language: Decimal, review: Decimal, interview: Decimal,
            extra: Decimal) -> Decimal:  # fmt: skip
    """The program's weighted score plus bonuses and adjustment, to the cent."""
    weighted = (
        program.weight_gpa * gpa
        + program.weight_language * language
        + program.weight_review * review
        + program.weight_interview * interview
    ) / HUNDRED
    return (weighted + extra).quantize(CENT, rounding=ROUND_HALF_UP)


def _level_in(program, application, languages: dict[str, str]) -> str | None:
    """The level held in the program's language (the application's answer first)."""
    if not program.language:
        return application.language_level
    if application.language == program.language and application.language_level:
        return application.language_level
    return languages.get(program.language)


def _eligible(application, languages: dict[str, str]) -> frozenset[int]:
    """Chosen programs whose requirements the applicant meets (the calendar aside), judged
    on the GPA frozen at submission and the declared levels."""
    student = application.student
    record = SimpleNamespace(
        study_level=student.study_level,
        org_unit=student.org_unit,
        gpa=application.gpa_at_submission
        if application.gpa_at_submission is not None
        else student.gpa,
    )
    known = dict(languages)
    if application.language and application.language_level:
        known[application.language] = application.language_level
    eligible = set()
    for choice in application.choices:
        verdict = check(record, choice.program, known, date.today())
        if all(r.code in TIMING for r in verdict.reasons):
            eligible.add(choice.program_id)
    return frozenset(eligible)


def applications_query(call_id: int, states=RANKABLE):
    return (
        select(Application)
        .where(Application.call_id == call_id, Application.state.in_([s.value for s in states]))
        .order_by(Application.id)
    )


def score_applications(call, applications: list[Application]) -> list[ScoredApplication]:
    """Score the given applications of the call (a fixed number of queries), best first."""
    ids = [a.id for a in applications]
    reviews = review_scores(call.id) if ids else {}
    office = _office_scores(ids)
    bonuses = _bonuses(call, applications)
    languages = _languages([a.student_id for a in applications])
    scale = gpa_scale()
    scored = []
    for application in applications:
        scored.append(
            _score_one(
                application,
                reviews.get(application.id),
                office.get(application.id),
                bonuses.get(application.id, []),
                languages[application.student_id],
                scale,
            )  # fmt: skip
        )
    return rank(scored)


def score_call(call, states=RANKABLE) -> list[ScoredApplication]:
    """Every application of the call in `states`, scored and ranked."""
    applications = db.session.scalars(applications_query(call.id, states)).unique().all()
    return score_applications(call, list(applications))


def rank(scored: list[ScoredApplication]) -> list[ScoredApplication]:
    """Best first; equal scores by earlier submission, then id (the page's order only: a run
    breaks ties by its recorded rule and seed)."""
    never = datetime.max.replace(tzinfo=UTC)
    scored.sort(key=lambda s: (-s.score, s.application.submitted_at or never, s.application.id))
    for i, row in enumerate(scored, start=1):
        row.rank = i
    return scored


def _score_one(application, review, office, bonus_rules, languages, scale) -> ScoredApplication:
    gpa = application.gpa_at_submission
    if gpa is None:
        gpa = application.student.gpa
    interview = office.interview_score if office else None
    adjustment = office.adjustment if office else Decimal(0)
    bonus = sum((Decimal(r.points) for r in bonus_rules), Decimal(0))
    parts = Components(
        gpa=gpa,
        gpa_points=gpa_points(gpa, scale),
        language_level=application.language_level,
        reviews_submitted=review.submitted if review else 0,
        reviews_assigned=review.assigned if review else 0,
        review_mean=review.mean_score if review else None,
        interview=interview,
        bonus=bonus,
        bonus_labels=tuple(r.label for r in bonus_rules),
        adjustment=Decimal(adjustment or 0),
        adjustment_reason=office.adjustment_reason if office else None,
    )
    choices = tuple(c.program_id for c in application.choices)
    programs = [c.program for c in application.choices]
    extra = parts.bonus + parts.adjustment
    review_points = parts.review_mean if parts.review_mean is not None else Decimal(0)
    interview_points = Decimal(interview) if interview is not None else Decimal(0)
    lang_points, scores = {}, {}
    for program in programs:
        lang_points[program.id] = language_points(_level_in(program, application, languages))
        scores[program.id] = formula(
            program, gpa=parts.gpa_points, language=lang_points[program.id],
            review=review_points, interview=interview_points, extra=extra,
        )  # fmt: skip
    row = ScoredApplication(
        application=application,
        components=parts,
        choices=choices,
        eligible=_eligible(application, languages),
        program_scores=scores,
        language_points=lang_points,
    )
    row.flags = _flags(row, programs, application, languages)
    return row


def _flags(row: ScoredApplication, programs, application, languages) -> list[str]:
    parts, flags = row.components, []
    needs_reviews = any(p.weight_review for p in programs)
    if needs_reviews and (parts.reviews_submitted == 0 or
                          parts.reviews_submitted < parts.reviews_assigned):  # fmt: skip
        flags.append(Flag.MISSING_REVIEWS)
    if any(p.weight_interview for p in programs) and parts.interview is None:
        flags.append(Flag.MISSING_INTERVIEW)
    if any(p.weight_gpa for p in programs) and parts.gpa is None:
        flags.append(Flag.MISSING_GPA)
    if any(p.weight_language and _level_in(p, application, languages) is None for p in programs):
        flags.append(Flag.MISSING_LANGUAGE)
    if set(row.choices) - row.eligible:
        flags.append(Flag.NOT_ELIGIBLE)
    return flags


def _office_scores(ids: list[int]) -> dict[int, ApplicationScore]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(ApplicationScore).where(ApplicationScore.application_id.in_(ids))
    )
    return {r.application_id: r for r in rows}


def _languages(student_ids: list[int]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = defaultdict(dict)
    if student_ids:
        for user_id, language, level in db.session.execute(
            select(StudentLanguage.user_id, StudentLanguage.language, StudentLanguage.level)
            .where(StudentLanguage.user_id.in_(set(student_ids)))
        ):  # fmt: skip
            found[user_id][language] = level
    return found


def prior_participants(call, student_ids) -> set[int]:
    """Students accepted or placed in another call of the same or an earlier year."""
    if not student_ids:
        return set()
    return set(
        db.session.scalars(
            select(Application.student_id)
            .join(Call, Call.id == Application.call_id)
            .where(
                Application.student_id.in_(set(student_ids)),
                Application.call_id != call.id,
                Call.academic_year <= call.academic_year,
                Application.state.in_([s.value for s in PARTICIPATED]),
            )
        )
    )


def call_rules(call_id: int) -> list[ScoreRule]:
    return list(
        db.session.scalars(
            select(ScoreRule).where(ScoreRule.call_id == call_id).order_by(ScoreRule.id)
        )
    )


def _bonuses(call, applications) -> dict[int, list[ScoreRule]]:
    """Application id -> the rules that apply to it."""
    rules = call_rules(call.id)
    if not rules or not applications:
        return {}
    applied: dict[int, list[ScoreRule]] = defaultdict(list)
    automatic = [r for r in rules if r.kind == RuleKind.PRIOR_PARTICIPATION]
    if automatic:
        prior = prior_participants(call, [a.student_id for a in applications])
        for application in applications:
            if application.student_id in prior:
                applied[application.id].extend(automatic)
    manual = {r.id: r for r in rules if r.kind == RuleKind.MANUAL}
    if manual:
        for application_id, rule_id in db.session.execute(
            select(ScoreFlag.application_id, ScoreFlag.rule_id).where(
                ScoreFlag.rule_id.in_(manual),
                ScoreFlag.application_id.in_([a.id for a in applications]),
            )
        ):
            applied[application_id].append(manual[rule_id])
    return applied


def flags_by_application(call_id: int, ids) -> dict[int, set[int]]:
    """Application id -> ids of the manual rules set for it (for the ranking's checkboxes)."""
    found: dict[int, set[int]] = defaultdict(set)
    if ids:
        for application_id, rule_id in db.session.execute(
            select(ScoreFlag.application_id, ScoreFlag.rule_id)
            .join(ScoreRule, ScoreRule.id == ScoreFlag.rule_id)
            .where(ScoreRule.call_id == call_id, ScoreFlag.application_id.in_(list(ids)))
        ):  # fmt: skip
            found[application_id].add(rule_id)
    return found
