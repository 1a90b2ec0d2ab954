"""The draft editor's form: what the student posted, and the button they pressed.

Everything on the draft page is one form, so that any button (save, move a choice, remove a
file, submit) also keeps what was typed elsewhere on the page. Moving and removing choices
only rearranges the posted rows; the domain's save_draft then checks and stores them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import FileStorage

from exchange.programs.states import DocumentType


@dataclass
class ChoiceRow:
    program_id: str
    motivation: str
    program: object | None = None  # the Program, for display; None when the id is unknown


@dataclass
class DraftInput:
    motivation: str = ""
    language: str = ""
    cefr: str = ""
    rows: list[ChoiceRow] = field(default_factory=list)
    add_program: str = ""
    version: int | None = None
    action: str = "save"
    files: dict[DocumentType, FileStorage] = field(default_factory=dict)

    @classmethod
    def from_request(cls, form, files, programs_by_id: dict) -> DraftInput:
        ids = form.getlist("choice_program")
        motivations = form.getlist("choice_motivation")
        motivations += [""] * (len(ids) - len(motivations))
        rows = [
            ChoiceRow(pid, text, programs_by_id.get(int(pid)) if pid.isdigit() else None)
            for pid, text in zip(ids, motivations, strict=False)
        ]
        version = form.get("version", "")
        chosen = {}
        for doc_type in DocumentType:
            upload = files.get(f"document-{doc_type.value}")
            if upload is not None and upload.filename:
                chosen[doc_type] = upload
        return cls(
            motivation=form.get("motivation", ""),
            language=form.get("language", ""),
            cefr=form.get("cefr", ""),
            rows=rows,
            add_program=form.get("add_program", ""),
            version=int(version) if version.isdigit() else None,
            action=form.get("action", "save") or "save",
            files=chosen,
        )

    @classmethod
    def from_application(cls, application) -> DraftInput:
        return cls(
            motivation=application.motivation or "",
            language=application.language or "",
            cefr=application.language_level or "",
            rows=[
                ChoiceRow(str(c.program_id), c.motivation or "", c.program)
                for c in application.choices
            ],
            version=application.version,
        )

    def verb(self) -> tuple[str, int | None]:
        """The button pressed: ("up", 2), ("remove", 0), ("remove_document", 17), ("add",
        None), ("save", None). Anything unknown is a plain save."""
        name, _sep, arg = self.action.partition(":")
        if name in ("up", "down", "remove", "remove_document") and arg.isdigit():
            return name, int(arg)
        if name == "add":
            return name, None
        return "save", None

    def arranged_rows(self) -> list[ChoiceRow]:
        """The choice rows after a move or removal (adding is the domain's check)."""
        rows = list(self.rows)
        name, index = self.verb()
        if index is None or not 0 <= index < len(rows):
            return rows
        if name == "up" and index > 0:
            rows[index - 1], rows[index] = rows[index], rows[index - 1]
        elif name == "down" and index < len(rows) - 1:
            rows[index + 1], rows[index] = rows[index], rows[index + 1]
        elif name == "remove":
            del rows[index]
        return rows

    def choices(self, rows: list[ChoiceRow]) -> list[tuple[str, str]]:
        return [(r.program_id, r.motivation) for r in rows]
