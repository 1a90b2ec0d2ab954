"""Reading rendered pages in view tests: the text with its whitespace folded, and the message
shown beside a form field."""

import re


def page_text(response) -> str:
    """The response's HTML with each run of whitespace folded to one space."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def field_error(html: str, field: str) -> str | None:
    """The error shown beside `field` (the element with id="<field>-error"), if any."""
    match = re.search(rf'id="{field}-error">([^<]*)<', html)
    return match.group(1).strip() if match else None
