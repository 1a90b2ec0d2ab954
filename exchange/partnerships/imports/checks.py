"""Checks of CSV import rows against each other and the stored data, and the import plan."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields, replace
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange.accounts import org_units
from exchange.accounts.models import OrgUnit
from exchange.accounts.scope import in_scope
from exchange.extensions import db
from exchange.partnerships.expiry import current_academic_year
from exchange.partnerships.imports.csv_file import (
    AgreementData,
    ConditionData,
    ImportRow,
    PartnerData,
    RowError,
)
from exchange.partnerships.models import Institution, Partnership
from exchange.partnerships.states import PartnershipState
from exchange.reference import academic_year_label
from exchange.rules import RuleError

PARTNER_COLUMNS = {
    "name": "partner_name",
    "country": "partner_country",
    "city": "partner_city",
    "website": "partner_website",
    "erasmus_code": "partner_erasmus_code",
}
AGREEMENT_COLUMNS = {
    "first_year": "first_year",
    "last_year": "last_year",
    "subject_areas": "subject_areas",
    "unit_code": "owning_unit_code",
    "status": "status",
    "notes": "notes",
}


class ImportRowsError(RuleError):
    """Rows that break a rule; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class PlannedAgreement:
    line: int
    partner: PartnerData
    agreement: AgreementData
    conditions: tuple[ConditionData, ...]

    @property
    def validity(self) -> str:
        first, last = self.agreement.first_year, self.agreement.last_year
        return f"{academic_year_label(first)} – {academic_year_label(last)}"


@dataclass
class ImportPlan:
    """What an import creates: partners new and reused, agreements and their conditions."""

    new_partners: list[PartnerData] = field(default_factory=list)
    reused_partners: list[Institution] = field(default_factory=list)
    agreements: list[PlannedAgreement] = field(default_factory=list)

    @property
    def condition_count(self) -> int:
        return sum(len(a.conditions) for a in self.agreements)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new_partners": len(self.new_partners),
            "reused_partners": len(self.reused_partners),
            "agreements": len(self.agreements),
            "conditions": self.condition_count,
        }


def _shown(value) -> str:
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, PartnershipState):
        return value.value
    return str(value)


# --- Rows against each other -----------------------------------------------------------------


def _conflict(row: ImportRow, column: str, value, first_value, first_line: int, what) -> RowError:
    message = _l(
        "'%(value)s' differs from '%(first)s' on line %(line)s for the same %(what)s.",
        value=_shown(value),
        first=_shown(first_value),
        line=first_line,
        what=what,
    )
    return RowError(row.line, column, message)


def check_rows(rows: list[ImportRow], *, today: date) -> list[RowError]:
    """Rows that describe the same partner or agreement must agree with each other."""
    errors: list[RowError] = []
    partners: dict[str, ImportRow] = {}
    erasmus: dict[str, ImportRow] = {}
    agreements: dict[tuple, ImportRow] = {}
    conditions: dict[tuple, int] = {}
    for row in rows:
        p = row.partner
        first = partners.setdefault(p.schac_code, row)
        what = _l("partner %(code)s", code=p.schac_code)
        for name, column in PARTNER_COLUMNS.items():
            mine, theirs = getattr(p, name), getattr(first.partner, name)
            if mine and theirs and mine != theirs:
                errors.append(_conflict(row, column, mine, theirs, first.line, what))
        if p.erasmus_code:
            holder = erasmus.setdefault(p.erasmus_code, row)
            if holder.partner.schac_code != p.schac_code:
                message = _l(
                    "The Erasmus code %(code)s is also given to %(other)s on line %(line)s.",
                    code=p.erasmus_code,
                    other=holder.partner.schac_code,
                    line=holder.line,
                )
                errors.append(RowError(row.line, "partner_erasmus_code", message))
        a = row.agreement
        key = (p.schac_code, a.title.casefold())
        first = agreements.setdefault(key, row)
        what = _l("agreement '%(title)s'", title=a.title)
        for name, column in AGREEMENT_COLUMNS.items():
            mine, theirs = getattr(a, name), getattr(first.agreement, name)
            if name == "notes" and not (mine and theirs):
                continue
            if name == "subject_areas" and set(mine) == set(theirs):
                continue
            if mine != theirs:
                errors.append(_conflict(row, column, mine, theirs, first.line, what))
        ended = a.last_year < current_academic_year(today)
        if first is row and a.status != PartnershipState.DRAFT and ended:
            message = _l(
                "The agreement ended with %(year)s, so it cannot be %(status)s; import only "
                "current and future agreements.",
                year=academic_year_label(a.last_year),
                status=a.status.value,
            )
            errors.append(RowError(row.line, "last_year", message))
        c = row.condition
        if c is not None:
            ckey = (*key, c.direction, c.mobility_type)
            if ckey in conditions:
                message = _l(
                    "Line %(line)s already gives this agreement a condition for %(d)s, %(t)s.",
                    line=conditions[ckey],
                    d=c.direction.value,
                    t=c.mobility_type.value,
                )
                errors.append(RowError(row.line, "mobility_type", message))
            conditions.setdefault(ckey, row.line)
    return errors


def _merge(first, later):
    """The first row's values, with empty ones filled from a later row."""
    filled = {f.name: getattr(later, f.name) for f in fields(first) if not getattr(first, f.name)}
    return replace(first, **{k: v for k, v in filled.items() if v})


def group_rows(rows: list[ImportRow]) -> tuple[dict[str, PartnerData], list[PlannedAgreement]]:
    """Partners by SCHAC code and agreements with their conditions, in the file's order."""
    partners: dict[str, PartnerData] = {}
    agreements: dict[tuple, PlannedAgreement] = {}
    for row in rows:
        schac = row.partner.schac_code
        partners[schac] = _merge(partners[schac], row.partner) if schac in partners else row.partner
        key = (schac, row.agreement.title.casefold())
        planned = agreements.get(key) or PlannedAgreement(row.line, row.partner, row.agreement, ())
        extra = (row.condition,) if row.condition is not None else ()
        agreements[key] = replace(planned, agreement=_merge(planned.agreement, row.agreement),
                                  conditions=planned.conditions + extra)  # fmt: skip
    for key, planned in agreements.items():
        agreements[key] = replace(planned, partner=partners[key[0]])
    return partners, list(agreements.values())


# --- Rows against the stored data ------------------------------------------------------------


def home_units() -> dict[str, OrgUnit]:
    """The home units by their code (upper case), as the CSV names them."""
    return {u.code.upper(): u for u in org_units.home_units()}


def _stored_partners(codes) -> dict[str, Institution]:
    codes = list(codes)
    if not codes:
        return {}
    found = db.session.scalars(select(Institution).where(Institution.schac_code.in_(codes)))
    return {i.schac_code: i for i in found}


def check_database(rows: list[ImportRow], *, actor):
    """Errors and warnings from comparing the rows with what is stored, and the plan."""
    errors: list[RowError] = []
    warnings: list[str] = []
    partners, agreements = group_rows(rows)
    first_line = {}
    for row in rows:
        first_line.setdefault(row.partner.schac_code, row.line)
    stored = _stored_partners(partners)
    plan = ImportPlan()
    for schac, data in partners.items():
        institution = stored.get(schac)
        if institution is None:
            plan.new_partners.append(data)
        elif institution.is_home:
            message = _l(
                "%(code)s is the home institution; an agreement is with a partner.", code=schac
            )
            errors.append(RowError(first_line[schac], "partner_schac", message))
        else:
            plan.reused_partners.append(institution)
            if (institution.name, institution.country) != (data.name, data.country):
                warnings.append(str(_l(
                    "Line %(line)s: %(code)s is already recorded as %(name)s (%(country)s); that "
                    "record is used and the file's name and country are not applied.",
                    line=first_line[schac], code=schac, name=institution.name,
                    country=institution.country)))  # fmt: skip
    errors.extend(_erasmus_taken(plan.new_partners, first_line))
    errors.extend(_units_allowed(agreements, actor))
    errors.extend(_titles_taken(agreements, stored))
    plan.agreements = agreements
    return errors, warnings, plan


def _erasmus_taken(new_partners: list[PartnerData], first_line: dict) -> list[RowError]:
    wanted = {p.erasmus_code: p for p in new_partners if p.erasmus_code}
    if not wanted:
        return []
    taken = db.session.scalars(select(Institution).where(Institution.erasmus_code.in_(wanted)))
    errors = []
    for i in taken:
        message = _l(
            "The Erasmus code %(code)s already belongs to %(name)s (%(schac)s).",
            code=i.erasmus_code,
            name=i.name,
            schac=i.schac_code,
        )
        line = first_line[wanted[i.erasmus_code].schac_code]
        errors.append(RowError(line, "partner_erasmus_code", message))
    return errors


def _units_allowed(agreements: list[PlannedAgreement], actor) -> list[RowError]:
    units = home_units()
    errors = []
    for planned in agreements:
        code = planned.agreement.unit_code
        unit = units.get(code) if code else None
        if code and unit is None:
            close = difflib.get_close_matches(code, list(units), n=1, cutoff=0.6)
            message = (
                _l("No home unit has the code %(code)s; did you mean %(c)s?", code=code, c=close[0])
                if close
                else _l("No home unit has the code %(code)s; see Institutions > Org units.",
                        code=code)
            )  # fmt: skip
            errors.append(RowError(planned.line, "owning_unit_code", message))
        elif not in_scope(actor, unit.id if unit else None):
            message = (
                _l("You coordinate other units; agreements of %(code)s are not yours to import.",
                   code=code)
                if unit
                else _l("Empty means university-wide, which is outside the units you coordinate; "
                        "write the code of one of your units.")
            )  # fmt: skip
            errors.append(RowError(planned.line, "owning_unit_code", message))
    return errors


def _titles_taken(agreements: list[PlannedAgreement], stored: dict) -> list[RowError]:
    ids = {i.id: schac for schac, i in stored.items()}
    if not ids:
        return []
    existing = db.session.execute(
        select(Partnership.partner_id, Partnership.title).where(Partnership.partner_id.in_(ids))
    ).all()
    taken = {(ids[pid], title.casefold()) for pid, title in existing}
    errors = []
    for planned in agreements:
        if (planned.partner.schac_code, planned.agreement.title.casefold()) in taken:
            message = _l(
                "%(partner)s already has an agreement titled '%(title)s'; remove its rows or "
                "give the new agreement another title.",
                partner=stored[planned.partner.schac_code].name,
                title=planned.agreement.title,
            )
            errors.append(RowError(planned.line, "agreement_title", message))
    return errors
