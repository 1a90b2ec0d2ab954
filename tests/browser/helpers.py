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
