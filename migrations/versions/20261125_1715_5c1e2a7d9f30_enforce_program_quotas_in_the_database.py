"""enforce program quotas in the database

The seats of the programs of one partnership, mobility type and academic year may not exceed
the places per year of the partnership's outgoing cooperation condition. Triggers refuse any
write that would over-commit, whatever path it takes. The SQL is a copy of
exchange/programs/quota.py at the time of writing, so this file never changes with the app.
SQLite drops a table's triggers when batch mode rebuilds it: a later migration that batch-alters
programs or cooperation_conditions must create these triggers again.

Revision ID: 5c1e2a7d9f30
Revises: 9bd603d0ce0d
Create Date: 2026-11-25 17:15:00+00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c1e2a7d9f30'
down_revision = '9bd603d0ce0d'
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE TRIGGER programs_quota_insert AFTER INSERT ON programs WHEN NEW.state <> 'cancelled'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: the seats of the programs of this partnership, mobility type and academic year exceed the places per year of its outgoing cooperation condition')\n  WHERE (\n    SELECT COALESCE(SUM(p.seats), 0) FROM programs AS p\n    WHERE p.partnership_id = NEW.partnership_id\n      AND p.mobility_type = NEW.mobility_type\n      AND p.academic_year = NEW.academic_year\n      AND p.state <> 'cancelled'\n  ) > COALESCE((\n    SELECT c.places_per_year FROM cooperation_conditions AS c\n    WHERE c.partnership_id = NEW.partnership_id\n      AND c.direction = 'outgoing'\n      AND c.mobility_type = NEW.mobility_type\n  ), 0);\nEND\n",
    "CREATE TRIGGER programs_quota_update AFTER UPDATE OF seats, state, academic_year, mobility_type, partnership_id ON programs WHEN NEW.state <> 'cancelled'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: the seats of the programs of this partnership, mobility type and academic year exceed the places per year of its outgoing cooperation condition')\n  WHERE (\n    SELECT COALESCE(SUM(p.seats), 0) FROM programs AS p\n    WHERE p.partnership_id = NEW.partnership_id\n      AND p.mobility_type = NEW.mobility_type\n      AND p.academic_year = NEW.academic_year\n      AND p.state <> 'cancelled'\n  ) > COALESCE((\n    SELECT c.places_per_year FROM cooperation_conditions AS c\n    WHERE c.partnership_id = NEW.partnership_id\n      AND c.direction = 'outgoing'\n      AND c.mobility_type = NEW.mobility_type\n  ), 0);\nEND\n",
    "CREATE TRIGGER cooperation_conditions_quota_update AFTER UPDATE OF places_per_year, direction, mobility_type, partnership_id ON cooperation_conditions WHEN OLD.direction = 'outgoing'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: programs already offer more seats than the outgoing places per year this change would leave')\n  WHERE EXISTS (\n    SELECT 1 FROM programs AS p\n    WHERE p.partnership_id = OLD.partnership_id\n      AND p.mobility_type = OLD.mobility_type\n      AND p.state <> 'cancelled'\n    GROUP BY p.academic_year\n    HAVING SUM(p.seats) > COALESCE((\n      SELECT c.places_per_year FROM cooperation_conditions AS c\n      WHERE c.partnership_id = OLD.partnership_id\n        AND c.direction = 'outgoing'\n        AND c.mobility_type = OLD.mobility_type\n    ), 0)\n  );\nEND\n",
    "CREATE TRIGGER cooperation_conditions_quota_delete AFTER DELETE ON cooperation_conditions WHEN OLD.direction = 'outgoing'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: programs already offer more seats than the outgoing places per year this change would leave')\n  WHERE EXISTS (\n    SELECT 1 FROM programs AS p\n    WHERE p.partnership_id = OLD.partnership_id\n      AND p.mobility_type = OLD.mobility_type\n      AND p.state <> 'cancelled'\n    GROUP BY p.academic_year\n    HAVING SUM(p.seats) > COALESCE((\n      SELECT c.places_per_year FROM cooperation_conditions AS c\n      WHERE c.partnership_id = OLD.partnership_id\n        AND c.direction = 'outgoing'\n        AND c.mobility_type = OLD.mobility_type\n    ), 0)\n  );\nEND\n",
]

POSTGRESQL = [
    "\nCREATE OR REPLACE FUNCTION programs_check_quota() RETURNS trigger\nLANGUAGE plpgsql AS $$\nDECLARE\n  allowed integer;\n  offered integer;\nBEGIN\n  IF NEW.state = 'cancelled' THEN\n    RETURN NULL;\n  END IF;\n  SELECT c.places_per_year INTO allowed\n    FROM cooperation_conditions AS c\n   WHERE c.partnership_id = NEW.partnership_id\n     AND c.direction = 'outgoing'\n     AND c.mobility_type = NEW.mobility_type\n     FOR UPDATE;\n  SELECT COALESCE(SUM(p.seats), 0) INTO offered\n    FROM programs AS p\n   WHERE p.partnership_id = NEW.partnership_id\n     AND p.mobility_type = NEW.mobility_type\n     AND p.academic_year = NEW.academic_year\n     AND p.state <> 'cancelled';\n  IF offered > COALESCE(allowed, 0) THEN\n    RAISE EXCEPTION 'quota_exceeded: % seats for % in academic year % of partnership %, '\n                    'but its outgoing condition allows %',\n                    offered, NEW.mobility_type, NEW.academic_year, NEW.partnership_id,\n                    COALESCE(allowed, 0)\n      USING ERRCODE = 'check_violation';\n  END IF;\n  RETURN NULL;\nEND;\n$$\n",
    '\nCREATE TRIGGER programs_quota\nAFTER INSERT OR UPDATE OF seats, state, academic_year, mobility_type, partnership_id\nON programs FOR EACH ROW EXECUTE FUNCTION programs_check_quota()\n',
    "\nCREATE OR REPLACE FUNCTION cooperation_conditions_check_quota() RETURNS trigger\nLANGUAGE plpgsql AS $$\nDECLARE\n  allowed integer;\n  worst record;\nBEGIN\n  IF OLD.direction <> 'outgoing' THEN\n    RETURN NULL;\n  END IF;\n  SELECT c.places_per_year INTO allowed\n    FROM cooperation_conditions AS c\n   WHERE c.partnership_id = OLD.partnership_id\n     AND c.direction = 'outgoing'\n     AND c.mobility_type = OLD.mobility_type;\n  SELECT p.academic_year, SUM(p.seats) AS seats INTO worst\n    FROM programs AS p\n   WHERE p.partnership_id = OLD.partnership_id\n     AND p.mobility_type = OLD.mobility_type\n     AND p.state <> 'cancelled'\n   GROUP BY p.academic_year\n   ORDER BY SUM(p.seats) DESC\n   LIMIT 1;\n  IF FOUND AND worst.seats > COALESCE(allowed, 0) THEN\n    RAISE EXCEPTION 'quota_exceeded: programs offer % seats for % in academic year % of '\n                    'partnership %, more than the % outgoing places this change would leave',\n                    worst.seats, OLD.mobility_type, worst.academic_year, OLD.partnership_id,\n                    COALESCE(allowed, 0)\n      USING ERRCODE = 'check_violation';\n  END IF;\n  RETURN NULL;\nEND;\n$$\n",
    '\nCREATE TRIGGER cooperation_conditions_quota\nAFTER UPDATE OF places_per_year, direction, mobility_type, partnership_id OR DELETE\nON cooperation_conditions FOR EACH ROW EXECUTE FUNCTION cooperation_conditions_check_quota()\n',
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS programs_quota_insert",
    "DROP TRIGGER IF EXISTS programs_quota_update",
    "DROP TRIGGER IF EXISTS cooperation_conditions_quota_update",
    "DROP TRIGGER IF EXISTS cooperation_conditions_quota_delete",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS programs_quota ON programs",
    "DROP TRIGGER IF EXISTS cooperation_conditions_quota ON cooperation_conditions",
    "DROP FUNCTION IF EXISTS programs_check_quota()",
    "DROP FUNCTION IF EXISTS cooperation_conditions_check_quota()",
]

OVER_COMMITTED = """
SELECT p.partnership_id, p.mobility_type, p.academic_year
  FROM programs AS p
 WHERE p.state <> 'cancelled'
 GROUP BY p.partnership_id, p.mobility_type, p.academic_year
HAVING SUM(p.seats) > COALESCE((
    SELECT c.places_per_year FROM cooperation_conditions AS c
     WHERE c.partnership_id = p.partnership_id
       AND c.direction = 'outgoing'
       AND c.mobility_type = p.mobility_type), 0)
"""


def upgrade():
    bind = op.get_bind()
    # Triggers only guard new writes; refuse to install them over data that already breaks the rule.
    broken = bind.execute(sa.text(OVER_COMMITTED)).fetchall()
    if broken:
        raise RuntimeError(
            "Programs already offer more seats than their agreements allow "
            f"(partnership, type, year): {broken}. Fix the seats or the conditions first."
        )
    statements = POSTGRESQL if bind.dialect.name == "postgresql" else SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    statements = POSTGRESQL_DROP if bind.dialect.name == "postgresql" else SQLITE_DROP
    for statement in statements:
        op.execute(statement)
