"""add reviews, scores and allocation runs

Revision ID: 78dd5693da37
Revises: b8cac5b66f63
Create Date: 2026-11-25 19:07:17.189954+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '78dd5693da37'
down_revision = 'b8cac5b66f63'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rubric_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('min_score', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('max_score > min_score', name=op.f('ck_rubric_criteria_range_not_empty')),
    sa.CheckConstraint('min_score >= -1000 AND max_score <= 1000', name=op.f('ck_rubric_criteria_range_bounded')),
    sa.CheckConstraint('weight > 0 AND weight <= 100', name=op.f('ck_rubric_criteria_weight_positive')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_rubric_criteria_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_criteria')),
    sa.UniqueConstraint('call_id', 'name', name=op.f('uq_rubric_criteria_call_id_name'))
    )
    with op.batch_alter_table('rubric_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rubric_criteria_call_id'), ['call_id'], unique=False)

    op.create_table('selection_score_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('points', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("kind IN ('prior_participation', 'manual')", name=op.f('ck_selection_score_rules_kind_known')),
    sa.CheckConstraint('points <> 0 AND points >= -100 AND points <= 100', name=op.f('ck_selection_score_rules_points_range')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_selection_score_rules_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection_score_rules')),
    sa.UniqueConstraint('call_id', 'label', name=op.f('uq_selection_score_rules_call_id_label'))
    )
    with op.batch_alter_table('selection_score_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selection_score_rules_call_id'), ['call_id'], unique=False)

    op.create_table('review_openings',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_review_openings_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_review_openings_opened_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('call_id', name=op.f('pk_review_openings'))
    )
    op.create_table('selection_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('mechanism', sa.String(length=30), nullable=False),
    sa.Column('tie_rule', sa.String(length=30), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('placed', sa.Integer(), nullable=True),
    sa.Column('unplaced', sa.Integer(), nullable=True),
    sa.Column('first_choice_rate', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.Column('progress', sa.Integer(), server_default='0', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('committed_by_id', sa.Integer(), nullable=True),
    sa.Column('committed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'committed') = (committed_at IS NOT NULL)", name=op.f('ck_selection_runs_committed_at_set')),
    sa.CheckConstraint("mechanism IN ('serial_dictatorship', 'deferred_acceptance', 'lottery')", name=op.f('ck_selection_runs_mechanism_known')),
    sa.CheckConstraint("state <> 'failed' OR error IS NOT NULL", name=op.f('ck_selection_runs_failed_has_error')),
    sa.CheckConstraint("state IN ('running', 'dry', 'committed', 'failed', 'discarded')", name=op.f('ck_selection_runs_state_known')),
    sa.CheckConstraint("state NOT IN ('dry', 'committed') OR (result IS NOT NULL AND placed IS NOT NULL AND unplaced IS NOT NULL AND first_choice_rate IS NOT NULL)", name=op.f('ck_selection_runs_finished_has_result')),
    sa.CheckConstraint("tie_rule IN ('lottery', 'earlier_submission')", name=op.f('ck_selection_runs_tie_rule_known')),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_selection_runs_progress_range')),
    sa.CheckConstraint('round >= 1', name=op.f('ck_selection_runs_round_positive')),
    sa.CheckConstraint('seed >= 0', name=op.f('ck_selection_runs_seed_not_negative')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_selection_runs_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['committed_by_id'], ['users.id'], name=op.f('fk_selection_runs_committed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_selection_runs_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection_runs'))
    )
    with op.batch_alter_table('selection_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selection_runs_call_id'), ['call_id'], unique=False)
        batch_op.create_index('uq_selection_runs_committed_round', ['call_id', 'round'], unique=True, postgresql_where=sa.text("state = 'committed'"), sqlite_where=sa.text("state = 'committed'"))

    op.create_table('review_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('conflict_reason', sa.Text(), nullable=True),
    sa.Column('conflict_declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replacement_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(status = 'conflicted' AND conflict_reason IS NOT NULL AND conflict_declared_at IS NOT NULL) OR (status = 'active' AND conflict_reason IS NULL AND conflict_declared_at IS NULL AND replacement_id IS NULL)", name=op.f('ck_review_assignments_conflict_complete')),
    sa.CheckConstraint("status IN ('active', 'conflicted')", name=op.f('ck_review_assignments_status_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_review_assignments_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_review_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replacement_id'], ['review_assignments.id'], name=op.f('fk_review_assignments_replacement_id_review_assignments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_review_assignments_reviewer_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_assignments')),
    sa.UniqueConstraint('application_id', 'reviewer_id', name=op.f('uq_review_assignments_application_id_reviewer_id'))
    )
    with op.batch_alter_table('review_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_assignments_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_assignments_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('selection_application_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('interview_score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('adjustment', sa.Numeric(precision=5, scale=2), server_default='0', nullable=False),
    sa.Column('adjustment_reason', sa.Text(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('adjustment = 0 OR (adjustment_reason IS NOT NULL AND length(adjustment_reason) > 0)', name=op.f('ck_selection_application_scores_adjustment_has_reason')),
    sa.CheckConstraint('adjustment >= -100 AND adjustment <= 100', name=op.f('ck_selection_application_scores_adjustment_range')),
    sa.CheckConstraint('interview_score IS NULL OR (interview_score >= 0 AND interview_score <= 100)', name=op.f('ck_selection_application_scores_interview_range')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_selection_application_scores_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_selection_application_scores_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection_application_scores')),
    sa.UniqueConstraint('application_id', name=op.f('uq_selection_application_scores_application_id'))
    )
    op.create_table('selection_score_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_selection_score_flags_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['selection_score_rules.id'], name=op.f('fk_selection_score_flags_rule_id_selection_score_rules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_selection_score_flags_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection_score_flags')),
    sa.UniqueConstraint('application_id', 'rule_id', name=op.f('uq_selection_score_flags_application_id_rule_id'))
    )
    with op.batch_alter_table('selection_score_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selection_score_flags_rule_id'), ['rule_id'], unique=False)

    op.create_table('selection_waitlist_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('position >= 1', name=op.f('ck_selection_waitlist_entries_position_positive')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_selection_waitlist_entries_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_selection_waitlist_entries_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['selection_runs.id'], name=op.f('fk_selection_waitlist_entries_run_id_selection_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection_waitlist_entries')),
    sa.UniqueConstraint('program_id', 'application_id', name=op.f('uq_selection_waitlist_entries_program_id_application_id'))
    )
    with op.batch_alter_table('selection_waitlist_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selection_waitlist_entries_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_selection_waitlist_entries_run_id'), ['run_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('recommendation', sa.String(length=20), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("recommendation IS NULL OR recommendation IN ('strongly_support', 'support', 'neutral', 'reservations', 'do_not_support')", name=op.f('ck_reviews_recommendation_known')),
    sa.CheckConstraint("status <> 'submitted' OR (submitted_at IS NOT NULL AND recommendation IS NOT NULL)", name=op.f('ck_reviews_submitted_complete')),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_reviews_status_known')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_reviews_version_positive')),
    sa.ForeignKeyConstraint(['assignment_id'], ['review_assignments.id'], name=op.f('fk_reviews_assignment_id_review_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_reviews_assignment_id'))
    )
    op.create_table('review_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['rubric_criteria.id'], name=op.f('fk_review_scores_criterion_id_rubric_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_scores_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_scores')),
    sa.UniqueConstraint('review_id', 'criterion_id', name=op.f('uq_review_scores_review_id_criterion_id'))
    )
    with op.batch_alter_table('review_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_scores_criterion_id'), ['criterion_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_scores_criterion_id'))

    op.drop_table('review_scores')
    op.drop_table('reviews')
    with op.batch_alter_table('selection_waitlist_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_selection_waitlist_entries_run_id'))
        batch_op.drop_index(batch_op.f('ix_selection_waitlist_entries_application_id'))

    op.drop_table('selection_waitlist_entries')
    with op.batch_alter_table('selection_score_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_selection_score_flags_rule_id'))

    op.drop_table('selection_score_flags')
    op.drop_table('selection_application_scores')
    with op.batch_alter_table('review_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_assignments_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_review_assignments_application_id'))

    op.drop_table('review_assignments')
    with op.batch_alter_table('selection_runs', schema=None) as batch_op:
        batch_op.drop_index('uq_selection_runs_committed_round', postgresql_where=sa.text("state = 'committed'"), sqlite_where=sa.text("state = 'committed'"))
        batch_op.drop_index(batch_op.f('ix_selection_runs_call_id'))

    op.drop_table('selection_runs')
    op.drop_table('review_openings')
    with op.batch_alter_table('selection_score_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_selection_score_rules_call_id'))

    op.drop_table('selection_score_rules')
    with op.batch_alter_table('rubric_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rubric_criteria_call_id'))

    op.drop_table('rubric_criteria')
