"""The CHECK constraints of a freshly migrated database are the models' CHECKs, by name and by
text. Alembic's autogenerate (tests/test_migrations.py) does not compare CHECKs at all, so a
model could gain or change one that no migration adds without any other test noticing."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import CheckConstraint, inspect

from config import TestingConfig
from exchange import create_app
from exchange.extensions import db

# PostgreSQL gives back its own rendering of a CHECK; these rewrite both sides to one form.
_CAST = re.compile(
    r"::\s*(?:character varying|double precision|timestamp(?:\(\d+\))? with(?:out)? time zone"
    r"|[a-z_]+)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*"
)
_ANY = re.compile(r"=\s*any\s*\(\s*\(?\s*array\[(.*?)\]\s*\)?\s*\)")
_ALL = re.compile(r"<>\s*all\s*\(\s*\(?\s*array\[(.*?)\]\s*\)?\s*\)")
_ONE_IN = re.compile(r"\bin\s*\(\s*('[^',()]*')\s*\)")
_BETWEEN = re.compile(r"(\S+)\s+between\s+(\S+)\s+and\s+(\S+)")


def normalise(sql: str) -> str:
    """One spelling of a CHECK's text: no casts, quotes, parentheses, case or whitespace, and
    PostgreSQL's `= ANY (ARRAY[...])`, `~~` and expanded BETWEEN written as IN, LIKE, BETWEEN."""
    sql = _CAST.sub("", sql.lower())
    sql = sql.replace("!~~", " not like ").replace("~~", " like ").replace("!=", "<>")
    sql = _ALL.sub(r"not in (\1)", _ANY.sub(r"in (\1)", sql))
    sql = _ONE_IN.sub(r"= \1", sql)  # PostgreSQL keeps `x IN ('a')` as `x = 'a'`
    sql = _BETWEEN.sub(r"\1 >= \2 and \1 <= \3", sql)
    return re.sub(r"[\s()\"']", "", sql)


def _created(constraint: CheckConstraint, dialect) -> bool:
    """False for a CHECK that an Enum or Boolean type makes only where the type is not native."""
    rule = constraint._create_rule  # noqa: SLF001 - SQLAlchemy's own per-dialect switch
    return rule is None or bool(rule(SimpleNamespace(dialect=dialect)))


def model_checks(dialect) -> dict[str, str]:
    """Each model CHECK by name, its text compiled for the dialect as the DDL would write it."""
    compiler = dialect.ddl_compiler(dialect, None)
    checks = {}
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and _created(constraint, dialect):
                sql = compiler.sql_compiler.process(
                    constraint.sqltext, include_table=False, literal_binds=True
                )
                if dialect.paramstyle in ("format", "pyformat"):
                    sql = sql.replace("%%", "%")  # escaped for the driver, not part of the text
                checks[f"{table.name}.{constraint.name}"] = sql
    return checks


def database_checks(engine) -> dict[str, str]:
    inspector = inspect(engine)
    return {
        f"{table}.{check['name']}": check["sqltext"]
        for table in inspector.get_table_names()
        if table != "alembic_version"
        for check in inspector.get_check_constraints(table)
    }


class Checks(SimpleNamespace):
    """The models' and the migrated database's CHECKs (a short repr for failure reports)."""

    def __repr__(self) -> str:
        return f"<{len(self.models)} model CHECKs, {len(self.database)} in the database>"


@pytest.fixture(scope="module")
def migrated(migration_database):
    """The CHECKs of a database built by the migrations alone (upgrade to head)."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=migration_database)
    with app.app_context():
        upgrade()
        yield Checks(models=model_checks(db.engine.dialect), database=database_checks(db.engine))
        db.session.remove()
        db.engine.dispose()


def test_every_model_check_is_in_the_migrated_database(migrated):
    missing = sorted(set(migrated.models) - set(migrated.database))
    assert missing == [], f"model CHECKs that no migration creates: {missing}"


def test_every_check_in_the_migrated_database_is_in_the_models(migrated):
    extra = sorted(set(migrated.database) - set(migrated.models))
    assert extra == [], f"migrated CHECKs that no model declares: {extra}"


def test_model_and_database_checks_say_the_same(migrated):
    differ = {
        name: {"model": sql, "database": migrated.database[name]}
        for name, sql in migrated.models.items()
        if name in migrated.database and normalise(sql) != normalise(migrated.database[name])
    }
    assert differ == {}, f"CHECKs whose model and migrated text differ: {differ}"


def test_the_schema_has_its_named_checks(migrated):
    """Guards the guard: reflection that found nothing would make the tests above pass."""
    assert len(migrated.models) >= 100
    assert len(migrated.database) >= 100


@pytest.mark.parametrize(
    ("model", "postgresql"),
    [
        ("state IN ('a', 'b')", "(state)::text = ANY ((ARRAY['a', 'b'::varchar])::text[])"),
        ("kind NOT IN ('x', 'y')", "kind::text <> ALL (ARRAY['x'::character varying, 'y'])"),
        ("kind IN ('x')", "(kind)::text = 'x'::text"),
        ("rank BETWEEN 1 AND 10", "((rank >= 1) AND (rank <= 10))"),
        ("length(isced) BETWEEN 2 AND 4", "length(isced::text) >= 2 AND length(isced::text) <= 4"),
        ("link NOT LIKE '//%'", "(link)::text !~~ '//%'::text"),
        ("gpa IS NULL OR gpa >= 0", "gpa IS NULL OR gpa >= 0::numeric"),
    ],
)  # fmt: skip
def test_normalise_reads_postgresqls_rendering_as_the_models_text(model, postgresql):
    assert normalise(model) == normalise(postgresql)


def test_normalise_still_tells_different_checks_apart():
    assert normalise("seats > 0") != normalise("seats >= 0")
    assert normalise("state IN ('a', 'b')") != normalise("state IN ('a', 'c')")
    assert normalise("a IS NULL OR b > 0") != normalise("a IS NOT NULL OR b > 0")
