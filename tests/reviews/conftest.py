"""The browser fixtures (live server, Chromium page, screenshots) for the review journey."""

from tests.browser.conftest import browser, live_server, page, shoot  # noqa: F401 - fixtures
