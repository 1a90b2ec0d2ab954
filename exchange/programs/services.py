"""Changes to programs (calls for applications).

Services check the rules, write an audit record for every change and flush; the request
commits. A broken rule raises ProgramError naming the form field it concerns.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.extensions import db
from exchange.partnerships.models import Partnership
from exchange.partnerships.services import validity_refusal
from exchange.partnerships.states import FINAL, MobilityType, PartnershipState
from exchange.programs.errors import ProgramError
from exchange.programs.models import Program
from exchange.programs.quota_rule import (  # noqa: F401 - re-exported for the views
    TYPE_PHRASES,
    QuotaError,
    check_quota,
    quota_sentence,
)
from exchange.programs.states import DocumentType, ProgramState, Term, program_workflow
from exchange.reference import CEFR_LEVELS, EQF_LEVELS, LANGUAGES, academic_year_label
from exchange.workflow import Action

PROGRAM_FIELDS = [
    "partnership_id",
    "title",
    "description",
    "mobility_type",
    "academic_year",
    "term",
    "seats",
    "opens_on",
    "closes_on",
    "eqf_levels",
    "min_gpa",
    "language",
    "cefr_level",
    "required_documents",
    "org_unit_ids",
    "first_timers_only",
    "weight_gpa",
    "weight_language",
    "weight_review",
    "weight_interview",
]
WEIGHTS = ["weight_gpa", "weight_language", "weight_review", "weight_interview"]
# Defaults of a new call: how many destinations a student may rank, and the formula.
DEFAULTS = {
    "first_timers_only": False,
    "weight_gpa": 50,
    "weight_language": 50,
    "weight_review": 0,
    "weight_interview": 0,
}
EDITABLE = frozenset({ProgramState.DRAFT, ProgramState.PUBLISHED})


def _snapshot(program: Program) -> dict:
    data = audit.snapshot(program, [f for f in PROGRAM_FIELDS if f != "org_unit_ids"])
    data["org_unit_ids"] = sorted(u.id for u in program.org_units)
    return data


def gpa_scale_max() -> Decimal:
    return Decimal(str(current_app.config.get("GPA_SCALE_MAX", 4.0)))


def _check(data: dict, program: Program | None) -> None:
    partnership: Partnership | None = data.get("partnership")
    if partnership is None:
        raise ProgramError(_l("Choose the agreement this call belongs to."), "partnership_id")
    changing_agreement = program is None or partnership.id != program.partnership_id
    if changing_agreement and partnership.state in FINAL:
        raise ProgramError(
            _l(
                "The agreement is %(state)s; choose one that is still running.",
                state=partnership.state.label,
            ),
            "partnership_id",
        )
    if (
        program is not None
        and program.state == ProgramState.PUBLISHED
        and partnership.state != PartnershipState.ACTIVE
    ):
        raise ProgramError(
            _l("A published call must stay under an active agreement."), "partnership_id"
        )
    if not (data.get("title") or "").strip():
        raise ProgramError(_l("Enter a title for the call."), "title")
    if data.get("mobility_type") not in MobilityType.values():
        raise ProgramError(_l("Choose a mobility type."), "mobility_type")
    if data.get("term") not in Term.values():
        raise ProgramError(_l("Choose the term."), "term")
    year = data.get("academic_year")
    if year is None:
        raise ProgramError(_l("Enter the academic year, e.g. 2026/2027."), "academic_year")
    if not partnership.covers_year(year):
        raise ProgramError(
            _l(
                "The agreement is valid from %(first)s to %(last)s; choose a year in that range.",
                first=academic_year_label(partnership.first_year),
                last=academic_year_label(partnership.last_year),
            ),
            "academic_year",
        )
    if not data.get("seats") or data["seats"] < 1:
        raise ProgramError(_l("Offer at least one seat."), "seats")
    if program is not None and data["seats"] < (program.seats_held or 0):
        # Selected, offered, accepted and placed students hold seats (exchange/placements).
        raise ProgramError(_l("%(n)s seats are already held by selected or placed students; "
                              "offer at least %(n)s.", n=program.seats_held), "seats")  # fmt: skip
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if opens is None:
        raise ProgramError(_l("Enter the date applications open."), "opens_on")
    if closes is None:
        raise ProgramError(_l("Enter the date applications close."), "closes_on")
    if closes < opens:
        raise ProgramError(_l("Applications cannot close before they open."), "closes_on")
    gpa = data.get("min_gpa")
    if gpa is not None and not Decimal(0) <= Decimal(gpa) <= gpa_scale_max():
        raise ProgramError(_l("Enter a GPA from 0 to %(max)s.", max=gpa_scale_max()), "min_gpa")
    if any(level not in EQF_LEVELS for level in data.get("eqf_levels") or []):
        raise ProgramError(_l("Choose study levels from the list."), "eqf_levels")
    if data.get("language") and data["language"] not in LANGUAGES:
        raise ProgramError(_l("Choose a language from the list."), "language")
    if data.get("cefr_level") and data["cefr_level"] not in CEFR_LEVELS:
        raise ProgramError(_l("Choose a CEFR level from A1 to C2."), "cefr_level")
    if data.get("cefr_level") and not data.get("language"):
        raise ProgramError(_l("Choose the language the level applies to."), "language")
    known = set(DocumentType.values())
    if any(str(d) not in known for d in data.get("required_documents") or []):
        raise ProgramError(_l("Choose documents from the list."), "required_documents")
    if any(not unit.institution.is_home for unit in data.get("org_units") or []):
        raise ProgramError(_l("Choose units of the home institution."), "org_unit_ids")
    _check_choices_and_formula(data)
    check_quota(data, program)


def _check_choices_and_formula(data: dict) -> None:
    for name in WEIGHTS:
        weight = data.get(name)
        if not isinstance(weight, int) or not 0 <= weight <= 100:
            raise ProgramError(_l("Enter a weight from 0 to 100%."), name)
    total = sum(data[name] for name in WEIGHTS)
    if total != 100:
        raise ProgramError(
            _l("The weights add up to %(total)s%%; they must add up to 100%%.", total=total),
            "weight_gpa",
        )


def _apply(program: Program, data: dict) -> None:
    program.partnership = data["partnership"]
    program.title = data["title"].strip()
    program.description = (data.get("description") or "").strip() or None
    program.mobility_type = MobilityType(data["mobility_type"])
    program.academic_year = data["academic_year"]
    program.term = Term(data["term"])
    program.seats = data["seats"]
    program.opens_on = data["opens_on"]
    program.closes_on = data["closes_on"]
    program.eqf_levels = data.get("eqf_levels") or []
    program.min_gpa = Decimal(data["min_gpa"]) if data.get("min_gpa") is not None else None
    program.language = data.get("language") or None
    program.cefr_level = data.get("cefr_level") or None
    program.required_documents = [str(d) for d in data.get("required_documents") or []]
    program.org_units = list(data.get("org_units") or [])
    program.first_timers_only = bool(data.get("first_timers_only"))
    for name in WEIGHTS:
        setattr(program, name, data[name])


def create_program(*, partnership: Partnership, actor, **fields) -> Program:
    """Draft a call under a running agreement; it is published through the workflow."""
    data = DEFAULTS | dict(fields, partnership=partnership)
    _check(data, None)
    program = Program(state=ProgramState.DRAFT)
    _apply(program, data)
    db.session.add(program)
    db.session.flush()
    audit.record("program.create", program, actor=actor, after=_snapshot(program))
    db.session.flush()
    return program


def update_program(program: Program, *, actor, **fields) -> Program:
    """Edit a draft or published call."""
    if program.state not in EDITABLE:
        raise ProgramError(
            _l("A %(state)s call can no longer be edited.", state=program.state.label)
        )
    data = (
        {
            "partnership": program.partnership,
            "title": program.title,
            "description": program.description,
            "mobility_type": program.mobility_type.value,
            "academic_year": program.academic_year,
            "term": program.term.value,
            "seats": program.seats,
            "opens_on": program.opens_on,
            "closes_on": program.closes_on,
            "eqf_levels": program.eqf_levels,
            "min_gpa": program.min_gpa,
            "language": program.language,
            "cefr_level": program.cefr_level,
            "required_documents": program.required_documents,
            "org_units": program.org_units,
        }
        | {name: getattr(program, name) for name in DEFAULTS}
        | fields
    )
    _check(data, program)
    before = _snapshot(program)
    _apply(program, data)
    db.session.flush()
    old, new = audit.changes(before, _snapshot(program))
    if new:
        audit.record("program.update", program, actor=actor, before=old, after=new)
        db.session.flush()
    return program


def program_actions(program: Program) -> list[Action]:
    """The state changes the workflow table allows from the call's current state."""
    actions = []
    for target in program_workflow.next_states(program.state):
        if target == ProgramState.PUBLISHED:
            label = _l("Reopen") if program.state == ProgramState.CLOSED else _l("Publish")
            actions.append(Action(target, str(label), "positive"))
        elif target == ProgramState.CLOSED:
            actions.append(
                Action(
                    target,
                    str(_l("Close")),
                    "neutral",
                    str(_l("Close this call? Students can no longer apply.")),
                )
            )
        elif target == ProgramState.CANCELLED:
            actions.append(
                Action(
                    target,
                    str(_l("Cancel call")),
                    "destructive",
                    str(_l("Cancel this call? This is final and cannot be undone.")),
                )
            )
    return actions


def change_program_state(program: Program, target: ProgramState, *, actor, note=None):
    """Publish, close, reopen or cancel a call.

    Publishing and reopening need an active agreement; a first publication also needs a
    closing date that has not passed (a reopened call is then edited to extend its window).
    """
    target = ProgramState(target)
    if target == ProgramState.PUBLISHED:
        if program.partnership.state != PartnershipState.ACTIVE:
            raise ProgramError(
                _l(
                    "The agreement %(title)s is %(state)s; activate it before publishing calls "
                    "under it.",
                    title=program.partnership.title,
                    state=program.partnership.state.label,
                )
            )
        if program.state == ProgramState.DRAFT and program.closes_on < date.today():
            raise ProgramError(
                _l(
                    "Applications closed on %(day)s; move the closing date before publishing.",
                    day=program.closes_on.isoformat(),
                )
            )
    return program_workflow.transition(
        program, target, actor=actor, note=(note or "").strip() or None
    )


@validity_refusal.register
def years_outside_validity(partnership: Partnership, first: int, last: int):
    """An agreement's validity must keep covering the years its programs (not cancelled) run
    in. Returns (message, field) or None."""
    outside = db.session.scalars(
        select(Program.academic_year)
        .where(
            Program.partnership_id == partnership.id,
            Program.state != ProgramState.CANCELLED,
            (Program.academic_year < first) | (Program.academic_year > last),
        )
        .distinct()
    ).all()
    if not outside:
        return None
    years = ", ".join(academic_year_label(y) for y in sorted(outside))
    message = _l(
        "Programs under this agreement run in %(years)s; keep those years inside the validity.",
        years=years,
    )
    return str(message), ("first_year" if min(outside) < first else "last_year")
