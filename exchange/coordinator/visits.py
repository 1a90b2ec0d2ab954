"""The office's overview of faculty visits: the filtered list, staff days, the coming weeks."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, request, url_for
from flask_login import current_user

from exchange.accounts.org_units import home_units
from exchange.applications.listing import paginate, parse_int
from exchange.coordinator import bp
from exchange.visits import reports
from exchange.visits.incoming import policy as incoming_policy
from exchange.visits.incoming.policy import can_view_visit_overview
from exchange.visits.staff_days import academic_year_of
from exchange.visits.states import VisitState, VisitType
from exchange.web import authorize, page


def page_of(query):
    """The requested page of a visit list, PAGE_SIZE rows long (past the end: the last)."""
    return paginate(query, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])


def visit_url(visit) -> str:
    """Where a row leads: the office's page for the proposal (detail, timeline, decisions)."""
    return url_for("coordinator.visit_approval_detail", visit_id=visit.id)


@bp.get("/visits")
def visit_list():
    authorize(can_view_visit_overview(current_user))
    filters = reports.VisitFilters.from_args(request.args)
    return page(
        "coordinator/visits/list.html",
        page=page_of(reports.visits_query(current_user, filters)),
        filters=filters,
        choices=reports.filter_choices(current_user),
        units=home_units(),
        states=list(VisitState),
        types=list(VisitType),
        visit_url=visit_url,
    )


@bp.get("/visits/staff-days")
def visit_staff_days():
    authorize(can_view_visit_overview(current_user))
    years = reports.staff_days_years(current_user)
    current = academic_year_of(date.today())
    year = parse_int(request.args.get("year"))
    if year is None or not 1990 <= year <= 2200:
        year = current
    partnerships = page_of(reports.staff_days_partnerships_query(current_user, year))
    return page(
        "coordinator/visits/staff_days.html",
        year=year,
        current_year=current,
        years=sorted(set(years) | {current, year}, reverse=True),
        page=partnerships,
        rows=reports.agreement_days(partnerships.items, year),
        incoming_policy=incoming_policy,
    )


@bp.get("/visits/upcoming")
def visit_upcoming():
    authorize(can_view_visit_overview(current_user))
    today = date.today()
    return page(
        "coordinator/visits/upcoming.html",
        months=reports.upcoming_visits(current_user, today),
        today=today,
        until=today + timedelta(days=reports.UPCOMING_DAYS),
        horizon=reports.UPCOMING_DAYS,
        visit_url=visit_url,
    )
