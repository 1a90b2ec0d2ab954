"""add seat counts, objections and nominations

Revision ID: bcce23a0189e
Revises: 78dd5693da37
Create Date: 2026-11-25 19:07:23.032019+00:00

"""
from alembic import op
import sqlalchemy as sa

# SQLite drops a table's triggers when batch mode rebuilds it, and refuses to rename the rebuilt
# table while triggers of other tables name it: the quota triggers (migration 5c1e2a7d9f30) are
# dropped before the rebuild and created again after it. Copied, so this file never changes
# with the app.
SQLITE_QUOTA_TRIGGERS = [
    "CREATE TRIGGER programs_quota_insert AFTER INSERT ON programs WHEN NEW.state <> 'cancelled'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: the seats of the programs of this partnership, mobility type and academic year exceed the places per year of its outgoing cooperation condition')\n  WHERE (\n    SELECT COALESCE(SUM(p.seats), 0) FROM programs AS p\n    WHERE p.partnership_id = NEW.partnership_id\n      AND p.mobility_type = NEW.mobility_type\n      AND p.academic_year = NEW.academic_year\n      AND p.state <> 'cancelled'\n  ) > COALESCE((\n    SELECT c.places_per_year FROM cooperation_conditions AS c\n    WHERE c.partnership_id = NEW.partnership_id\n      AND c.direction = 'outgoing'\n      AND c.mobility_type = NEW.mobility_type\n  ), 0);\nEND\n",
    "CREATE TRIGGER programs_quota_update AFTER UPDATE OF seats, state, academic_year, mobility_type, partnership_id ON programs WHEN NEW.state <> 'cancelled'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: the seats of the programs of this partnership, mobility type and academic year exceed the places per year of its outgoing cooperation condition')\n  WHERE (\n    SELECT COALESCE(SUM(p.seats), 0) FROM programs AS p\n    WHERE p.partnership_id = NEW.partnership_id\n      AND p.mobility_type = NEW.mobility_type\n      AND p.academic_year = NEW.academic_year\n      AND p.state <> 'cancelled'\n  ) > COALESCE((\n    SELECT c.places_per_year FROM cooperation_conditions AS c\n    WHERE c.partnership_id = NEW.partnership_id\n      AND c.direction = 'outgoing'\n      AND c.mobility_type = NEW.mobility_type\n  ), 0);\nEND\n",
    "CREATE TRIGGER cooperation_conditions_quota_update AFTER UPDATE OF places_per_year, direction, mobility_type, partnership_id ON cooperation_conditions WHEN OLD.direction = 'outgoing'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: programs already offer more seats than the outgoing places per year this change would leave')\n  WHERE EXISTS (\n    SELECT 1 FROM programs AS p\n    WHERE p.partnership_id = OLD.partnership_id\n      AND p.mobility_type = OLD.mobility_type\n      AND p.state <> 'cancelled'\n    GROUP BY p.academic_year\n    HAVING SUM(p.seats) > COALESCE((\n      SELECT c.places_per_year FROM cooperation_conditions AS c\n      WHERE c.partnership_id = OLD.partnership_id\n        AND c.direction = 'outgoing'\n        AND c.mobility_type = OLD.mobility_type\n    ), 0)\n  );\nEND\n",
    "CREATE TRIGGER cooperation_conditions_quota_delete AFTER DELETE ON cooperation_conditions WHEN OLD.direction = 'outgoing'\nBEGIN\n  SELECT RAISE(ABORT, 'quota_exceeded: programs already offer more seats than the outgoing places per year this change would leave')\n  WHERE EXISTS (\n    SELECT 1 FROM programs AS p\n    WHERE p.partnership_id = OLD.partnership_id\n      AND p.mobility_type = OLD.mobility_type\n      AND p.state <> 'cancelled'\n    GROUP BY p.academic_year\n    HAVING SUM(p.seats) > COALESCE((\n      SELECT c.places_per_year FROM cooperation_conditions AS c\n      WHERE c.partnership_id = OLD.partnership_id\n        AND c.direction = 'outgoing'\n        AND c.mobility_type = OLD.mobility_type\n    ), 0)\n  );\nEND\n",
]

# The seats already set aside (selected, offered, accepted, placed) before the counter existed.
BACKFILL_SEATS_HELD = """
UPDATE programs SET seats_held = (
    SELECT COUNT(*) FROM applications AS a
     WHERE a.outcome_program_id = programs.id
       AND a.state IN ('selected', 'offered', 'accepted', 'placed'))
"""


SQLITE_QUOTA_TRIGGER_NAMES = [
    "programs_quota_insert",
    "programs_quota_update",
    "cooperation_conditions_quota_update",
    "cooperation_conditions_quota_delete",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_sqlite_triggers():
    if _sqlite():
        for name in SQLITE_QUOTA_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_sqlite_triggers():
    if _sqlite():
        for statement in SQLITE_QUOTA_TRIGGERS:
            op.execute(statement)


# revision identifiers, used by Alembic.
revision = 'bcce23a0189e'
down_revision = '78dd5693da37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=10), nullable=False),
    sa.Column('planned_arrival', sa.Date(), nullable=False),
    sa.Column('planned_departure', sa.Date(), nullable=False),
    sa.Column('eqf_level', sa.String(length=1), nullable=True),
    sa.Column('isced_code', sa.String(length=4), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('partner_answer', sa.String(length=10), nullable=False),
    sa.Column('partner_answered_on', sa.Date(), nullable=True),
    sa.Column('partner_reason', sa.Text(), nullable=True),
    sa.Column('nominated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(partner_answer = 'pending' AND partner_answered_on IS NULL) OR (partner_answer <> 'pending' AND partner_answered_on IS NOT NULL)", name=op.f('ck_nominations_answer_dated')),
    sa.CheckConstraint("eqf_level IS NULL OR eqf_level IN ('6', '7', '8')", name=op.f('ck_nominations_eqf_known')),
    sa.CheckConstraint("partner_answer <> 'rejected' OR partner_reason IS NOT NULL", name=op.f('ck_nominations_rejection_has_reason')),
    sa.CheckConstraint("partner_answer IN ('pending', 'accepted', 'rejected')", name=op.f('ck_nominations_answer_known')),
    sa.CheckConstraint("status IN ('nomination', 'live', 'recognized', 'cancelled')", name=op.f('ck_nominations_status_known')),
    sa.CheckConstraint("status NOT IN ('live', 'recognized') OR partner_answer = 'accepted'", name=op.f('ck_nominations_live_only_when_accepted')),
    sa.CheckConstraint("term IN ('year', '1', '2', 'summer')", name=op.f('ck_nominations_term_known')),
    sa.CheckConstraint('isced_code IS NULL OR length(isced_code) BETWEEN 2 AND 4', name=op.f('ck_nominations_isced_length')),
    sa.CheckConstraint('planned_departure > planned_arrival', name=op.f('ck_nominations_departure_after_arrival')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_nominations_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_nominations_nominated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['institutions.id'], name=op.f('fk_nominations_partner_id_institutions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_nominations_program_id_programs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations'))
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_nominations_partner_year', ['partner_id', 'academic_year', 'term'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_status'), ['status'], unique=False)
        batch_op.create_index('uq_nominations_application_active', ['application_id'], unique=True, sqlite_where=sa.text("status <> 'cancelled'"), postgresql_where=sa.text("status <> 'cancelled'"))

    op.create_table('objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('lodged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('offered_program_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'lodged' AND answer IS NULL AND answered_at IS NULL AND answered_by_id IS NULL) OR (state <> 'lodged' AND answer IS NOT NULL AND length(answer) > 0 AND answered_at IS NOT NULL)", name=op.f('ck_objections_answered_when_decided')),
    sa.CheckConstraint("offered_program_id IS NULL OR state = 'upheld'", name=op.f('ck_objections_offer_only_when_upheld')),
    sa.CheckConstraint("state IN ('lodged', 'upheld', 'rejected')", name=op.f('ck_objections_state_known')),
    sa.CheckConstraint('length(reason) > 0', name=op.f('ck_objections_reason_given')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_objections_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_objections_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offered_program_id'], ['programs.id'], name=op.f('fk_objections_offered_program_id_programs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections')),
    sa.UniqueConstraint('application_id', name=op.f('uq_objections_application_id'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_state'), ['state'], unique=False)

    _drop_sqlite_triggers()
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seats_held', sa.Integer(), server_default='0', nullable=False))
    op.execute(BACKFILL_SEATS_HELD)
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_programs_seats_held_range'), 'seats_held >= 0 AND seats_held <= seats'
        )
    _create_sqlite_triggers()


def downgrade():
    _drop_sqlite_triggers()
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_programs_seats_held_range'), type_='check')
        batch_op.drop_column('seats_held')
    _create_sqlite_triggers()

    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_state'))

    op.drop_table('objections')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index('uq_nominations_application_active', sqlite_where=sa.text("status <> 'cancelled'"), postgresql_where=sa.text("status <> 'cancelled'"))
        batch_op.drop_index(batch_op.f('ix_nominations_status'))
        batch_op.drop_index(batch_op.f('ix_nominations_program_id'))
        batch_op.drop_index('ix_nominations_partner_year')
        batch_op.drop_index(batch_op.f('ix_nominations_application_id'))

    op.drop_table('nominations')
