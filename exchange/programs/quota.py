"""The quota rule, kept by the database itself.

Programs send students and staff out, so their seats count against the OUTGOING cooperation
condition of their mobility type: for one partnership, mobility type and academic year, the
seats of all programs that are not cancelled may not exceed that condition's places_per_year.
A program with no such condition offers more than zero places, so it is refused too.

The services check the rule first and say it with the numbers; these triggers make sure that
no path (a second request at the same moment, a script, a hand-typed SQL statement) stores an
over-commitment. A refusal is an integrity error whose message starts with `quota_exceeded`.

The SQL below is self-contained so that a migration can copy it verbatim. It is installed on
`metadata.create_all()` by `install()` (called from exchange/programs/models.py).
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

MARKER = "quota_exceeded"

# --- SQLite -------------------------------------------------------------------------------
# SQLite writes one transaction at a time, so the AFTER trigger's sum sees every committed seat.
# The same WHERE is used for inserts and updates: the new row is already in the table.
_SQLITE_PROGRAM_CHECK = """
BEGIN
  SELECT RAISE(ABORT, 'quota_exceeded: the seats of the programs of this partnership, mobility type and academic year exceed the places per year of its outgoing cooperation condition')
  WHERE (
    SELECT COALESCE(SUM(p.seats), 0) FROM programs AS p
    WHERE p.partnership_id = NEW.partnership_id
      AND p.mobility_type = NEW.mobility_type
      AND p.academic_year = NEW.academic_year
      AND p.state <> 'cancelled'
  ) > COALESCE((
    SELECT c.places_per_year FROM cooperation_conditions AS c
    WHERE c.partnership_id = NEW.partnership_id
      AND c.direction = 'outgoing'
      AND c.mobility_type = NEW.mobility_type
  ), 0);
END
"""  # noqa: E501 - SQL string literal kept on one line so the message reads whole

# After a condition changes or goes, the programs it used to cover must still fit in what
# now covers them (nothing, after a delete or a change of direction or type).
_SQLITE_CONDITION_CHECK = """
BEGIN
  SELECT RAISE(ABORT, 'quota_exceeded: programs already offer more seats than the outgoing places per year this change would leave')
  WHERE EXISTS (
    SELECT 1 FROM programs AS p
    WHERE p.partnership_id = OLD.partnership_id
      AND p.mobility_type = OLD.mobility_type
      AND p.state <> 'cancelled'
    GROUP BY p.academic_year
    HAVING SUM(p.seats) > COALESCE((
      SELECT c.places_per_year FROM cooperation_conditions AS c
      WHERE c.partnership_id = OLD.partnership_id
        AND c.direction = 'outgoing'
        AND c.mobility_type = OLD.mobility_type
    ), 0)
  );
END
"""  # noqa: E501 - as above

SQLITE_PROGRAMS = [
    "CREATE TRIGGER programs_quota_insert AFTER INSERT ON programs "
    "WHEN NEW.state <> 'cancelled'" + _SQLITE_PROGRAM_CHECK,
    "CREATE TRIGGER programs_quota_update "
    "AFTER UPDATE OF seats, state, academic_year, mobility_type, partnership_id ON programs "
    "WHEN NEW.state <> 'cancelled'" + _SQLITE_PROGRAM_CHECK,
]
SQLITE_CONDITIONS = [
    "CREATE TRIGGER cooperation_conditions_quota_update "
    "AFTER UPDATE OF places_per_year, direction, mobility_type, partnership_id "
    "ON cooperation_conditions WHEN OLD.direction = 'outgoing'" + _SQLITE_CONDITION_CHECK,
    "CREATE TRIGGER cooperation_conditions_quota_delete AFTER DELETE ON cooperation_conditions "
    "WHEN OLD.direction = 'outgoing'" + _SQLITE_CONDITION_CHECK,
]

# --- PostgreSQL ---------------------------------------------------------------------------
# Under READ COMMITTED two transactions could each sum the other's seats as absent. Each
# first locks the condition row (FOR UPDATE), so writers of one quota take turns; the sum
# that follows is a new statement with a new snapshot and sees what the other committed.
POSTGRESQL_PROGRAMS = [
    """
CREATE OR REPLACE FUNCTION programs_check_quota() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  allowed integer;
  offered integer;
BEGIN
  IF NEW.state = 'cancelled' THEN
    RETURN NULL;
  END IF;
  SELECT c.places_per_year INTO allowed
    FROM cooperation_conditions AS c
   WHERE c.partnership_id = NEW.partnership_id
     AND c.direction = 'outgoing'
     AND c.mobility_type = NEW.mobility_type
     FOR UPDATE;
  SELECT COALESCE(SUM(p.seats), 0) INTO offered
    FROM programs AS p
   WHERE p.partnership_id = NEW.partnership_id
     AND p.mobility_type = NEW.mobility_type
     AND p.academic_year = NEW.academic_year
     AND p.state <> 'cancelled';
  IF offered > COALESCE(allowed, 0) THEN
    RAISE EXCEPTION 'quota_exceeded: % seats for % in academic year % of partnership %, '
                    'but its outgoing condition allows %',
                    offered, NEW.mobility_type, NEW.academic_year, NEW.partnership_id,
                    COALESCE(allowed, 0)
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$
""",
    """
CREATE TRIGGER programs_quota
AFTER INSERT OR UPDATE OF seats, state, academic_year, mobility_type, partnership_id
ON programs FOR EACH ROW EXECUTE FUNCTION programs_check_quota()
""",
]
POSTGRESQL_CONDITIONS = [
    """
CREATE OR REPLACE FUNCTION cooperation_conditions_check_quota() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  allowed integer;
  worst record;
BEGIN
  IF OLD.direction <> 'outgoing' THEN
    RETURN NULL;
  END IF;
  SELECT c.places_per_year INTO allowed
    FROM cooperation_conditions AS c
   WHERE c.partnership_id = OLD.partnership_id
     AND c.direction = 'outgoing'
     AND c.mobility_type = OLD.mobility_type;
  SELECT p.academic_year, SUM(p.seats) AS seats INTO worst
    FROM programs AS p
   WHERE p.partnership_id = OLD.partnership_id
     AND p.mobility_type = OLD.mobility_type
     AND p.state <> 'cancelled'
   GROUP BY p.academic_year
   ORDER BY SUM(p.seats) DESC
   LIMIT 1;
  IF FOUND AND worst.seats > COALESCE(allowed, 0) THEN
    RAISE EXCEPTION 'quota_exceeded: programs offer % seats for % in academic year % of '
                    'partnership %, more than the % outgoing places this change would leave',
                    worst.seats, OLD.mobility_type, worst.academic_year, OLD.partnership_id,
                    COALESCE(allowed, 0)
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$
""",
    """
CREATE TRIGGER cooperation_conditions_quota
AFTER UPDATE OF places_per_year, direction, mobility_type, partnership_id OR DELETE
ON cooperation_conditions FOR EACH ROW EXECUTE FUNCTION cooperation_conditions_check_quota()
""",
]


def install(programs: Table, conditions: Table) -> None:
    """Create the triggers right after their tables, on each dialect that has them."""
    for table, sqlite, postgresql in (
        (programs, SQLITE_PROGRAMS, POSTGRESQL_PROGRAMS),
        (conditions, SQLITE_CONDITIONS, POSTGRESQL_CONDITIONS),
    ):
        for statement in sqlite:
            event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
        for statement in postgresql:
            # DDL formats its text with %; the plpgsql RAISE placeholders must survive that.
            ddl = DDL(statement.replace("%", "%%")).execute_if(dialect="postgresql")
            event.listen(table, "after_create", ddl)


def is_quota_violation(error: BaseException) -> bool:
    """Whether a database error is one of these triggers refusing an over-commitment."""
    return MARKER in str(getattr(error, "orig", None) or error)
