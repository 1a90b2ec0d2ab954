"""User-facing text is marked for translation: extraction finds it in code and templates."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("exchange/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2")]  # fmt: skip


def _messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords={"_": None, "_l": None, "gettext": None,
                                      "lazy_gettext": None, "ngettext": (1, 2)},
    ):  # fmt: skip
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_templates_and_code_mark_their_text_for_translation():
    messages = _messages()
    for expected in ("Sign in to Exchange", "Create your student account", "Not found",
                     "Use at least %(n)d characters.", "Student"):  # fmt: skip
        assert expected in messages


def test_pages_declare_language_and_direction(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
