"""Reading rendered pages in view tests: the text with its whitespace folded, and the message
shown beside a form field."""

import html
import re


def page_text(response) -> str:
    """The response's HTML with each run of whitespace folded to one space."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def field_error(html: str, field: str) -> str | None:
    """The error shown beside `field` (the element with id="<field>-error"), if any."""
    match = re.search(rf'id="{field}-error">([^<]*)<', html)
    return match.group(1).strip() if match else None


def assert_filters(client, url: str, cases: dict[str, tuple[str, str]]) -> None:
    """Each filter of a list keeps what it should: for each query string of `cases`, the list
    at url?query shows cases[query][0] and not cases[query][1]."""
    for query, (shown, hidden) in cases.items():
        page = html.unescape(client.get(f"{url}?{query}").get_data(as_text=True))
        assert shown in page and hidden not in page, query
