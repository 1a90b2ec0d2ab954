"""Signing in and out through the real forms, for every browser journey."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from exchange.demo import data
from tests import factories as f

DEMO = {"password": data.DEMO_PASSWORD}  # the demo's people: sign_in(..., **DEMO)


def sign_in(page: Page, live_server: str, email: str, lands_on: str, *,
            password: str = f.PASSWORD, fresh: bool = False) -> None:  # fmt: skip
    """Signs in through the form and waits for the `lands_on` area's dashboard. `fresh` first
    forgets whoever was signed in, for journeys that change person without signing out."""
    if fresh:
        page.context.clear_cookies()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(rf"/{lands_on}/$"))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login"))


def fill(page: Page, fields: dict[str, str]) -> None:
    """Types each value into the form field with that label."""
    for label, value in fields.items():
        page.get_by_label(label).fill(value)


# The plan and costs of the teaching visit that both visit journeys propose.
VISIT_PLAN = {
    "Purpose": "Teach the thin-film module of the MPhil in nanoscience.",
    "Planned activities": "Four lectures and one laboratory session.",
    "Expected outcomes": "A co-taught module next year.",
    "Travel": "640",
    "Subsistence": "750",
    "Currency": "GBP",
}


def file_visit_report(page: Page, follow_ups: str) -> None:
    """From a visit's page, files the report of the VISIT_PLAN visit (travel cost 598.20)."""
    page.get_by_role("link", name="File the report").click()
    fill(page, {
        "What was done": "Taught 8 hours to 24 MPhil students.",
        "Outcomes": "The module will be co-taught next year.",
        "Follow-ups": follow_ups,
        "Travel (actual)": "598.20",
    })  # fmt: skip
    page.get_by_role("button", name="File the report").click()


def start_serial_dry_run(page: Page) -> None:
    """From a call's selection, starts a serial-dictatorship dry run with the seed 2026."""
    page.get_by_role("link", name="Runs and dashboard").click()
    page.get_by_label("Mechanism").select_option("serial_dictatorship")
    page.get_by_label("Seed").fill("2026")
    page.get_by_role("button", name="Start dry run").click()
