"""A student's language profile: the CEFR level they hold in each language.

Levels are self-declared for now; a later capability verifies them with certificates. The
eligibility check compares a call's language requirement with these levels.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired, StopValidation

from exchange import audit
from exchange.db import TimestampMixin, sql_in
from exchange.extensions import db
from exchange.reference import CEFR_LEVELS, LANGUAGES, language_choices, language_name
from exchange.rules import RuleError


class StudentLanguage(TimestampMixin, db.Model):
    __tablename__ = "student_languages"
    __table_args__ = (
        UniqueConstraint("user_id", "language"),
        CheckConstraint(sql_in("level", CEFR_LEVELS), name="level_known"),
        # Known codes are checked by the service: the list grows without a migration.
        CheckConstraint("length(language) = 2", name="language_iso639_1"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique (user_id, language) index serves lookups by student too.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    level: Mapped[str] = mapped_column(String(2))

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def __repr__(self) -> str:
        return f"<StudentLanguage {self.user_id} {self.language} {self.level}>"


class LanguageError(RuleError):
    """A language level that cannot be recorded; the message says why, `field` says where."""


AUDIT_FIELDS = ["language", "level"]


def languages_of(student) -> list[StudentLanguage]:
    """The student's language rows, by language name."""
    rows = db.session.scalars(select(StudentLanguage).where(StudentLanguage.user_id == student.id))
    return sorted(rows, key=lambda row: row.language_name)


def language_levels(student) -> dict[str, str]:
    """{language code: CEFR level} for the eligibility check, in one query."""
    rows = db.session.execute(
        select(StudentLanguage.language, StudentLanguage.level).where(
            StudentLanguage.user_id == student.id
        )
    )
    return {language: level for language, level in rows}


def _find(student, language: str) -> StudentLanguage | None:
    return db.session.scalar(
        select(StudentLanguage).where(
            StudentLanguage.user_id == student.id, StudentLanguage.language == language
        )
    )


def set_language_level(student, language: str, level: str, *, actor) -> StudentLanguage:
    """Add the language or change its level.

    Side effects: writes a `student_language.added` or `student_language.changed` audit record
    (nothing when the level is unchanged); flushes, does not commit.
    """
    if language not in LANGUAGES:
        raise LanguageError(_l("Choose a language from the list."), "language")
    if level not in CEFR_LEVELS:
        raise LanguageError(_l("Choose a level from A1 to C2."), "level")
    row = _find(student, language)
    if row is None:
        row = StudentLanguage(user_id=student.id, language=language, level=level)
        db.session.add(row)
        db.session.flush()
        audit.record("student_language.added", row, actor=actor,
                     after=audit.snapshot(row, AUDIT_FIELDS))  # fmt: skip
        return row
    if row.level == level:
        return row
    before = audit.snapshot(row, AUDIT_FIELDS)
    row.level = level
    db.session.flush()
    audit.record("student_language.changed", row, actor=actor, before=before,
                 after=audit.snapshot(row, AUDIT_FIELDS))  # fmt: skip
    return row


def remove_language(student, language: str, *, actor) -> None:
    """Remove one language from the profile.

    Side effects: writes a `student_language.removed` audit record; flushes, does not commit.
    """
    row = _find(student, language)
    if row is None:
        raise LanguageError(_l("This language is not in your profile."), "language")
    before = audit.snapshot(row, AUDIT_FIELDS)
    row_id = row.id
    db.session.delete(row)
    db.session.flush()
    audit.record("student_language.removed", actor=actor, before=before,
                 object_type=StudentLanguage.__tablename__, object_id=row_id,
                 note=f"user {student.id}")  # fmt: skip


class LanguageLevelForm(FlaskForm):
    # Choices are checked by the validators below so that each field says its own message.
    language = SelectField(
        _l("Language"),
        validators=[InputRequired(_l("Choose a language."))],
        validate_choice=False,
    )
    level = SelectField(
        _l("Level (CEFR)"),
        validators=[InputRequired(_l("Choose your level."))],
        validate_choice=False,
        description=_l("A1–A2 basic, B1–B2 independent, C1–C2 proficient."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [("", _l("Choose…")), *language_choices()]
        self.level.choices = [("", _l("Choose…")), *[(c, c) for c in CEFR_LEVELS]]

    def validate_language(self, field):
        if field.data not in LANGUAGES:
            raise StopValidation(_l("Choose a language from the list."))

    def validate_level(self, field):
        if field.data not in CEFR_LEVELS:
            raise StopValidation(_l("Choose a level from A1 to C2."))


class RemoveLanguageForm(FlaskForm):
    remove = HiddenField(validators=[InputRequired()])
