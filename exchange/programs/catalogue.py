"""The students' catalogue: open and upcoming calls, searched and filtered, in a fixed number of
queries whatever the number of programs (partnership and partner joined, org units selected in).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import Select, and_, case, exists, literal, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from exchange.accounts.roles import StudyLevel
from exchange.extensions import db
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.states import LIVE, MobilityType
from exchange.programs.models import Program, program_org_units
from exchange.programs.states import ProgramState, Term
from exchange.reference import (
    CEFR_LEVELS,
    EQF_LEVELS,
    ISCED_FIELDS,
    LANGUAGES,
    academic_year_label,
    country_name,
    isced_label,
    language_name,
    parse_academic_year,
)


@dataclass(frozen=True)
class CatalogueFilters:
    """What the student asked for; unknown values are dropped by `clean`, never trusted."""

    q: str = ""
    country: str = ""
    partner: int | None = None
    subject: str = ""
    language: str = ""
    level: str = ""
    term: str = ""  # "2026/2027-1": academic year and term, as in DOMAIN.md
    type: str = ""
    eligible: bool = False

    @classmethod
    def clean(cls, args) -> CatalogueFilters:
        """Read filters from a mapping of strings (request.args), keeping only valid values."""

        def text(name: str) -> str:
            return (args.get(name) or "").strip()

        partner = text("partner")
        term = text("term")
        return cls(
            q=text("q")[:100],
            country=text("country").upper() if len(text("country")) == 2 else "",
            partner=int(partner) if partner.isdigit() else None,
            subject=text("subject") if text("subject") in ISCED_FIELDS else "",
            language=text("language") if text("language") in LANGUAGES else "",
            level=text("level") if text("level") in EQF_LEVELS else "",
            term=term if split_term(term) else "",
            type=text("type") if text("type") in MobilityType.values() else "",
            eligible=text("eligible") in ("1", "on", "true", "y"),
        )

    def as_args(self) -> dict:
        """The non-empty filters, for links that keep them (pagination, 'clear one filter')."""
        args = {k: v for k, v in asdict(self).items() if v not in ("", None, False)}
        if self.eligible:
            args["eligible"] = "1"
        return args

    @property
    def active(self) -> bool:
        return bool(self.as_args())


def term_key(academic_year: int, term: str) -> str:
    return f"{academic_year_label(academic_year)}-{term}"


def split_term(key: str) -> tuple[int, str] | None:
    label, _, term = (key or "").rpartition("-")
    year = parse_academic_year(label)
    if year is None or "/" not in label or term not in Term.values():
        return None
    return year, term


def _visible(today: date) -> list:
    """Published calls still accepting or about to accept applications, under live agreements."""
    return [
        Program.state == ProgramState.PUBLISHED,
        Program.closes_on >= today,
        Partnership.state.in_(LIVE),
    ]


def _base(today: date) -> Select:
    return (
        select(Program)
        .join(Partnership, Program.partnership_id == Partnership.id)
        .join(Institution, Partnership.partner_id == Institution.id)
        .where(*_visible(today))
    )


def _code_list_has(column, code: str):
    """A comma-separated code column holds `code` exactly (codes never contain commas)."""
    return (literal(",") + column + literal(",")).like(f"%,{code},%")


def _subject_clause(code: str):
    # A broad field (05) matches the narrower ones under it (053, 0533).
    return (literal(",") + Partnership.subject_areas_raw).like(f"%,{code}%")


def requirements_clause(student, languages: dict[str, str]):
    """SQL twin of eligibility.check() without the calendar: level, unit, GPA and language."""
    level = str(student.study_level) if student.study_level else None
    level_ok = Program.eqf_levels_raw == ""
    if level:
        level_ok = or_(level_ok, _code_list_has(Program.eqf_levels_raw, level))

    has_units = exists().where(program_org_units.c.program_id == Program.id)
    unit = student.org_unit
    unit_ok = ~has_units
    if unit is not None:
        mine = [unit.id] + ([unit.parent_id] if unit.parent_id is not None else [])
        unit_ok = or_(
            unit_ok,
            exists().where(
                program_org_units.c.program_id == Program.id,
                program_org_units.c.org_unit_id.in_(mine),
            ),
        )

    gpa_ok = Program.min_gpa.is_(None)
    if student.gpa is not None:
        gpa_ok = or_(gpa_ok, Program.min_gpa <= student.gpa)

    language_ok = [Program.language.is_(None), Program.language == ""]
    for code, declared in languages.items():
        if declared not in CEFR_LEVELS:
            continue
        up_to = CEFR_LEVELS[: CEFR_LEVELS.index(declared) + 1]
        language_ok.append(
            and_(
                Program.language == code,
                or_(Program.cefr_level.is_(None), Program.cefr_level.in_(up_to)),
            )
        )
    return and_(level_ok, unit_ok, gpa_ok, or_(*language_ok))


def catalogue_query(
    filters: CatalogueFilters,
    today: date,
    *,
    student=None,
    languages: dict[str, str] | None = None,
) -> Select:
    """The catalogue's programs: open ones by deadline, then upcoming ones by opening date."""
    stmt = _base(today)
    if filters.q:
        q = filters.q
        stmt = stmt.where(
            or_(
                Program.title.icontains(q, autoescape=True),
                Program.description.icontains(q, autoescape=True),
                Institution.name.icontains(q, autoescape=True),
            )
        )
    if filters.country:
        stmt = stmt.where(Institution.country == filters.country)
    if filters.partner:
        stmt = stmt.where(Institution.id == filters.partner)
    if filters.subject:
        stmt = stmt.where(_subject_clause(filters.subject))
    if filters.language:
        stmt = stmt.where(Program.language == filters.language)
    if filters.level:
        # A call without level limits is open to every level.
        stmt = stmt.where(
            or_(Program.eqf_levels_raw == "", _code_list_has(Program.eqf_levels_raw, filters.level))
        )
    if filters.term:
        year, term = split_term(filters.term)
        stmt = stmt.where(Program.academic_year == year, Program.term == term)
    if filters.type:
        stmt = stmt.where(Program.mobility_type == filters.type)
    if filters.eligible and student is not None:
        stmt = stmt.where(requirements_clause(student, languages or {}))
    upcoming = case((Program.opens_on > today, 1), else_=0)
    return stmt.options(
        contains_eager(Program.partnership).contains_eager(Partnership.partner),
        selectinload(Program.org_units),
    ).order_by(upcoming, case((upcoming == 1, Program.opens_on), else_=Program.closes_on),
               Program.closes_on, Program.title, Program.id)  # fmt: skip


def visible_program(program_id: int, today: date) -> Program | None:
    """One program as the catalogue shows it, or None (a draft, cancelled or unknown call)."""
    stmt = _base(today).where(Program.id == program_id)
    stmt = stmt.options(
        contains_eager(Program.partnership).contains_eager(Partnership.partner),
        selectinload(Program.org_units),
    )
    return db.session.scalars(stmt).unique().first()


Choice = tuple[str, str]


@dataclass(frozen=True)
class FilterChoices:
    """(value, label) pairs for each filter, labels sorted for reading."""

    countries: list[Choice]
    partners: list[Choice]
    subjects: list[Choice]
    languages: list[Choice]
    levels: list[Choice]
    terms: list[Choice]
    types: list[Choice]


def filter_choices(today: date) -> FilterChoices:
    """The filters' options, taken from the calls the catalogue shows (three queries)."""
    visible = _visible(today)

    def rows(*columns):
        stmt = (
            select(*columns)
            .select_from(Program)
            .join(Partnership, Program.partnership_id == Partnership.id)
            .join(Institution, Partnership.partner_id == Institution.id)
            .where(*visible)
            .distinct()
        )
        return db.session.execute(stmt).all()

    partner_rows = rows(Institution.id, Institution.name, Institution.country)
    program_rows = rows(Program.language, Program.academic_year, Program.term,
                        Program.mobility_type)  # fmt: skip
    subjects: set[str] = set()
    for (raw,) in rows(Partnership.subject_areas_raw):
        for code in (raw or "").split(","):
            # Offer each code and the broader fields above it, to search by broad area.
            subjects.update(code[:n] for n in (2, 3, 4) if len(code) >= n)
    terms = sorted({(y, t) for _, y, t, _ in program_rows},
                   key=lambda yt: (yt[0], Term.values().index(yt[1])))  # fmt: skip
    types = {t for *_, t in program_rows}
    return FilterChoices(
        countries=sorted({(c, country_name(c)) for *_, c in partner_rows}, key=_by_label),
        partners=sorted({(str(i), n) for i, n, _ in partner_rows}, key=_by_label),
        # Narrower fields are indented under their broad field.
        subjects=[
            (s, "\u2003" * (len(s) - 2) + isced_label(s))
            for s in sorted(subjects)
            if s in ISCED_FIELDS
        ],  # fmt: skip
        languages=sorted({(c, language_name(c)) for c, *_ in program_rows if c}, key=_by_label),
        levels=StudyLevel.choices(),
        terms=[(term_key(y, t), f"{academic_year_label(y)} · {Term(t).label}") for y, t in terms],
        types=[(m.value, m.label) for m in MobilityType if m.value in types],
    )


def _by_label(choice: Choice) -> str:
    return choice[1].casefold()
