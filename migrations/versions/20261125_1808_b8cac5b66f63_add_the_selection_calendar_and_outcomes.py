"""add the selection calendar and application outcomes

Revision ID: b8cac5b66f63
Revises: 5c1e2a7d9f30
Create Date: 2026-11-25 18:08:59.600331+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8cac5b66f63'
down_revision = '5c1e2a7d9f30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_program_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('offer_deadline', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_outcome_program_id'), ['outcome_program_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_applications_outcome_program_id_programs'), 'programs', ['outcome_program_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviews_open_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reviews_close_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('results_release_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('results_released_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('objection_days', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('offer_days', sa.Integer(), server_default='7', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_calls_review_phase_in_order'),
            'reviews_close_on IS NULL OR reviews_open_on IS NULL OR reviews_close_on >= reviews_open_on',
        )
        batch_op.create_check_constraint(op.f('ck_calls_objection_days_range'), 'objection_days BETWEEN 0 AND 30')
        batch_op.create_check_constraint(op.f('ck_calls_offer_days_range'), 'offer_days BETWEEN 1 AND 60')


def downgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_calls_offer_days_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_calls_objection_days_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_calls_review_phase_in_order'), type_='check')
        batch_op.drop_column('offer_days')
        batch_op.drop_column('objection_days')
        batch_op.drop_column('results_released_at')
        batch_op.drop_column('results_release_on')
        batch_op.drop_column('reviews_close_on')
        batch_op.drop_column('reviews_open_on')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_outcome_program_id_programs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_applications_outcome_program_id'))
        batch_op.drop_column('offer_deadline')
        batch_op.drop_column('outcome_program_id')
