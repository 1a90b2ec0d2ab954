"""add staff visits and unit heads

Revision ID: d4f8c7c62194
Revises: bcce23a0189e
Create Date: 2026-11-25 19:07:27.654431+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f8c7c62194'
down_revision = 'bcce23a0189e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('incoming_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('mobility_type', sa.String(length=3), nullable=False),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('visit_type', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('visitor_name', sa.String(length=200), nullable=False),
    sa.Column('visitor_email', sa.String(length=254), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('partner_unit_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=True),
    sa.Column('host_unit_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('teaching_hours', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("mobility_type IN ('STA', 'STT')", name=op.f('ck_incoming_visits_staff_type')),
    sa.CheckConstraint("state <> 'cancelled' OR (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL)", name=op.f('ck_incoming_visits_cancel_has_reason')),
    sa.CheckConstraint("state <> 'confirmed' OR confirmed_at IS NOT NULL", name=op.f('ck_incoming_visits_confirm_dated')),
    sa.CheckConstraint("state IN ('recorded', 'confirmed', 'completed', 'cancelled')", name=op.f('ck_incoming_visits_state_known')),
    sa.CheckConstraint("visit_type IN ('teaching', 'training', 'research', 'joint_supervision')", name=op.f('ck_incoming_visits_visit_type_known')),
    sa.CheckConstraint('days > 0', name=op.f('ck_incoming_visits_days_positive')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_incoming_visits_dates_in_order')),
    sa.CheckConstraint('host_id IS NOT NULL OR host_unit_id IS NOT NULL', name=op.f('ck_incoming_visits_host_given')),
    sa.CheckConstraint('length(visitor_name) > 0', name=op.f('ck_incoming_visits_visitor_named')),
    sa.CheckConstraint('teaching_hours >= 0', name=op.f('ck_incoming_visits_teaching_hours_not_negative')),
    sa.CheckConstraint('visitor_email = lower(visitor_email)', name=op.f('ck_incoming_visits_email_lowercase')),
    sa.ForeignKeyConstraint(['host_id'], ['users.id'], name=op.f('fk_incoming_visits_host_id_users')),
    sa.ForeignKeyConstraint(['host_unit_id'], ['org_units.id'], name=op.f('fk_incoming_visits_host_unit_id_org_units')),
    sa.ForeignKeyConstraint(['partner_unit_id'], ['org_units.id'], name=op.f('fk_incoming_visits_partner_unit_id_org_units'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_incoming_visits_partnership_id_partnerships')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_incoming_visits_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_visits'))
    )
    with op.batch_alter_table('incoming_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incoming_visits_host_id'), ['host_id'], unique=False)
        batch_op.create_index('ix_incoming_visits_quota', ['partnership_id', 'mobility_type', 'academic_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_visits_start_date'), ['start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_visits_visitor_email'), ['visitor_email'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposer_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('visit_type', sa.String(length=20), nullable=False),
    sa.Column('mobility_type', sa.String(length=3), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('days_on_site', sa.Integer(), nullable=True),
    sa.Column('academic_year', sa.Integer(), nullable=True),
    sa.Column('host_contact_id', sa.Integer(), nullable=True),
    sa.Column('host_name', sa.String(length=200), nullable=True),
    sa.Column('host_email', sa.String(length=254), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('activities', sa.Text(), nullable=True),
    sa.Column('expected_outcomes', sa.Text(), nullable=True),
    sa.Column('teaching_hours', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='EUR', nullable=False),
    sa.Column('travel_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('subsistence_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('other_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unit_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unit_approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('return_comments', sa.Text(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('cancellation_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('report_done', sa.Text(), nullable=True),
    sa.Column('report_outcomes', sa.Text(), nullable=True),
    sa.Column('report_follow_ups', sa.Text(), nullable=True),
    sa.Column('actual_travel_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('actual_subsistence_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('actual_other_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("mobility_type IN ('STA', 'STT')", name=op.f('ck_visits_staff_type')),
    sa.CheckConstraint("state <> 'cancelled' OR cancellation_reason IS NOT NULL", name=op.f('ck_visits_cancelled_has_reason')),
    sa.CheckConstraint("state <> 'completed' OR reported_at IS NOT NULL", name=op.f('ck_visits_completed_report')),
    sa.CheckConstraint("state <> 'rejected' OR rejection_reason IS NOT NULL", name=op.f('ck_visits_rejected_has_reason')),
    sa.CheckConstraint("state = 'draft' OR (start_date IS NOT NULL AND end_date IS NOT NULL AND days_on_site IS NOT NULL AND academic_year IS NOT NULL)", name=op.f('ck_visits_dates_after_draft')),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'unit_approved', 'approved', 'returned', 'rejected', 'cancelled', 'completed')", name=op.f('ck_visits_state_known')),
    sa.CheckConstraint("state NOT IN ('approved', 'completed') OR approved_at IS NOT NULL", name=op.f('ck_visits_approved_has_time')),
    sa.CheckConstraint("teaching_hours IS NULL OR (teaching_hours >= 0 AND visit_type = 'teaching')", name=op.f('ck_visits_teaching_hours_for_teaching')),
    sa.CheckConstraint("visit_type IN ('teaching', 'training', 'research', 'joint_supervision')", name=op.f('ck_visits_type_known')),
    sa.CheckConstraint('actual_other_cost IS NULL OR actual_other_cost >= 0', name=op.f('ck_visits_actual_other_cost_not_negative')),
    sa.CheckConstraint('actual_subsistence_cost IS NULL OR actual_subsistence_cost >= 0', name=op.f('ck_visits_actual_subsistence_cost_not_negative')),
    sa.CheckConstraint('actual_travel_cost IS NULL OR actual_travel_cost >= 0', name=op.f('ck_visits_actual_travel_cost_not_negative')),
    sa.CheckConstraint('days_on_site IS NULL OR days_on_site > 0', name=op.f('ck_visits_days_positive')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_visits_dates_in_order')),
    sa.CheckConstraint('length(currency) = 3 AND currency = upper(currency)', name=op.f('ck_visits_currency')),
    sa.CheckConstraint('other_cost IS NULL OR other_cost >= 0', name=op.f('ck_visits_other_cost_not_negative')),
    sa.CheckConstraint('subsistence_cost IS NULL OR subsistence_cost >= 0', name=op.f('ck_visits_subsistence_cost_not_negative')),
    sa.CheckConstraint('travel_cost IS NULL OR travel_cost >= 0', name=op.f('ck_visits_travel_cost_not_negative')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_visits_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_contact_id'], ['institution_contacts.id'], name=op.f('fk_visits_host_contact_id_institution_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_visits_partnership_id_partnerships')),
    sa.ForeignKeyConstraint(['proposer_id'], ['users.id'], name=op.f('fk_visits_proposer_id_users')),
    sa.ForeignKeyConstraint(['unit_approved_by_id'], ['users.id'], name=op.f('fk_visits_unit_approved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_academic_year'), ['academic_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_partnership_id'), ['partnership_id'], unique=False)
        batch_op.create_index('ix_visits_proposer_dates', ['proposer_id', 'start_date', 'end_date'], unique=False)
        batch_op.create_index('ix_visits_quota', ['partnership_id', 'mobility_type', 'academic_year', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_state'), ['state'], unique=False)

    op.create_table('visit_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content_type IN ('application/pdf', 'image/png', 'image/jpeg')", name=op.f('ck_visit_documents_content_type_known')),
    sa.CheckConstraint("kind IN ('invitation', 'programme', 'other')", name=op.f('ck_visit_documents_kind_known')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_visit_documents_sha256_hex')),
    sa.CheckConstraint('size > 0', name=op.f('ck_visit_documents_size_positive')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_visit_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_documents_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_documents'))
    )
    with op.batch_alter_table('visit_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_documents_visit_id'), ['visit_id'], unique=False)

    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_org_units_head_id_users'), 'users', ['head_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_org_units_head_id_users'), type_='foreignkey')
        batch_op.drop_column('head_id')

    with op.batch_alter_table('visit_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_documents_visit_id'))

    op.drop_table('visit_documents')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_state'))
        batch_op.drop_index('ix_visits_quota')
        batch_op.drop_index('ix_visits_proposer_dates')
        batch_op.drop_index(batch_op.f('ix_visits_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_visits_academic_year'))

    op.drop_table('visits')
    with op.batch_alter_table('incoming_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incoming_visits_visitor_email'))
        batch_op.drop_index(batch_op.f('ix_incoming_visits_start_date'))
        batch_op.drop_index('ix_incoming_visits_quota')
        batch_op.drop_index(batch_op.f('ix_incoming_visits_host_id'))

    op.drop_table('incoming_visits')
