"""add partner records, calls, applications and notices

Revision ID: 9bd603d0ce0d
Revises: 1f657c5d8390
Create Date: 2026-11-25 17:10:28.232028+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9bd603d0ce0d'
down_revision = '1f657c5d8390'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('academic_year', sa.Integer(), nullable=False),
    sa.Column('max_choices', sa.Integer(), server_default='3', nullable=False),
    sa.Column('allow_reopen', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('max_choices BETWEEN 1 AND 10', name=op.f('ck_calls_max_choices_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls'))
    )
    op.create_table('factsheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('website', sa.String(length=255), nullable=True),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('housing', sa.Text(), nullable=True),
    sa.Column('visa', sa.Text(), nullable=True),
    sa.Column('insurance', sa.Text(), nullable=True),
    sa.Column('accessibility', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_factsheets_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factsheets')),
    sa.UniqueConstraint('institution_id', name=op.f('uq_factsheets_institution_id'))
    )
    op.create_table('institution_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('email IS NOT NULL OR phone IS NOT NULL', name=op.f('ck_institution_contacts_reachable')),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_institution_contacts_name_given')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_institution_contacts_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution_contacts'))
    )
    with op.batch_alter_table('institution_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_contacts_institution_id'), ['institution_id'], unique=False)

    op.create_table('factsheet_deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('factsheet_id', sa.Integer(), nullable=False),
    sa.Column('semester', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('nomination', 'application')", name=op.f('ck_factsheet_deadlines_kind_known')),
    sa.CheckConstraint("semester IN ('first', 'second')", name=op.f('ck_factsheet_deadlines_semester_known')),
    sa.CheckConstraint('day <= CASE month WHEN 2 THEN 28 WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END', name=op.f('ck_factsheet_deadlines_day_in_month')),
    sa.CheckConstraint('day >= 1', name=op.f('ck_factsheet_deadlines_day_positive')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_factsheet_deadlines_month_valid')),
    sa.ForeignKeyConstraint(['factsheet_id'], ['factsheets.id'], name=op.f('fk_factsheet_deadlines_factsheet_id_factsheets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factsheet_deadlines')),
    sa.UniqueConstraint('factsheet_id', 'semester', 'kind', name=op.f('uq_factsheet_deadlines_factsheet_id_semester_kind'))
    )
    with op.batch_alter_table('factsheet_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_factsheet_deadlines_factsheet_id'), ['factsheet_id'], unique=False)

    op.create_table('agreement_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_agreement_documents_sha256_hex')),
    sa.CheckConstraint('size > 0', name=op.f('ck_agreement_documents_size_positive')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_agreement_documents_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_agreement_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_documents')),
    sa.UniqueConstraint('partnership_id', name=op.f('uq_agreement_documents_partnership_id'))
    )
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.Column('language_level', sa.String(length=2), nullable=True),
    sa.Column('has_language_certificate', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('gpa_at_submission', sa.Numeric(precision=4, scale=2), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdraw_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'withdrawn' AND withdrawn_at IS NOT NULL) OR (state <> 'withdrawn' AND withdrawn_at IS NULL)", name=op.f('ck_applications_withdrawn_at_set')),
    sa.CheckConstraint("language_level IS NULL OR language_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name=op.f('ck_applications_language_level_known')),
    sa.CheckConstraint("state <> 'draft' OR submitted_at IS NULL", name=op.f('ck_applications_draft_not_submitted')),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'under_review', 'selected', 'waitlisted', 'not_selected', 'offered', 'accepted', 'placed', 'declined', 'expired', 'withdrawn', 'cancelled')", name=op.f('ck_applications_state_known')),
    sa.CheckConstraint("submitted_at IS NOT NULL OR state IN ('draft', 'withdrawn', 'cancelled')", name=op.f('ck_applications_submitted_at_set')),
    sa.CheckConstraint("withdraw_reason IS NULL OR state = 'withdrawn'", name=op.f('ck_applications_withdraw_reason_withdrawn')),
    sa.CheckConstraint('gpa_at_submission IS NULL OR gpa_at_submission >= 0', name=op.f('ck_applications_gpa_not_negative')),
    sa.CheckConstraint('language IS NULL OR length(language) = 2', name=op.f('ck_applications_language_iso639_1')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_applications_version_positive')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_applications_call_id_calls'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_applications_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('student_id', 'call_id', name=op.f('uq_applications_student_id_call_id'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_state'), ['state'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('object_type', sa.String(length=60), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind <> ''", name=op.f('ck_notices_kind_not_empty')),
    sa.CheckConstraint("link IS NULL OR (link LIKE '/%' AND link NOT LIKE '//%')", name=op.f('ck_notices_link_site_path')),
    sa.CheckConstraint("title <> ''", name=op.f('ck_notices_title_not_empty')),
    sa.CheckConstraint('(object_type IS NULL AND object_id IS NULL) OR (object_type IS NOT NULL AND object_id IS NOT NULL)', name=op.f('ck_notices_object_complete')),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_notices_recipient_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_recipient_created', ['recipient_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notices_recipient_unread', ['recipient_id', 'read_at'], unique=False)

    op.create_table('signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("side IN ('home', 'partner')", name=op.f('ck_signatories_side_known')),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_signatories_name_given')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_signatories_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatories'))
    )
    with op.batch_alter_table('signatories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatories_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('student_languages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name=op.f('ck_student_languages_level_known')),
    sa.CheckConstraint('length(language) = 2', name=op.f('ck_student_languages_language_iso639_1')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_student_languages_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student_languages')),
    sa.UniqueConstraint('user_id', 'language', name=op.f('uq_student_languages_user_id_language'))
    )
    op.create_table('application_choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=True),
    sa.CheckConstraint('rank BETWEEN 1 AND 10', name=op.f('ck_application_choices_rank_range')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_choices_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_application_choices_program_id_programs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_choices')),
    sa.UniqueConstraint('application_id', 'program_id', name=op.f('uq_application_choices_application_id_program_id')),
    sa.UniqueConstraint('application_id', 'rank', name=op.f('uq_application_choices_application_id_rank'))
    )
    with op.batch_alter_table('application_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_choices_program_id'), ['program_id'], unique=False)

    op.create_table('application_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('rejected_reason', sa.Text(), nullable=True),
    sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rejected_by_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("content_type IN ('application/pdf', 'image/png', 'image/jpeg')", name=op.f('ck_application_documents_content_type_known')),
    sa.CheckConstraint("doc_type IN ('transcript', 'motivation', 'cv', 'language', 'passport', 'recommendation')", name=op.f('ck_application_documents_doc_type_known')),
    sa.CheckConstraint("status <> 'rejected' OR (rejected_at IS NOT NULL AND rejected_reason IS NOT NULL)", name=op.f('ck_application_documents_rejected_has_reason')),
    sa.CheckConstraint("status IN ('current', 'rejected', 'replaced')", name=op.f('ck_application_documents_status_known')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_application_documents_sha256_hex')),
    sa.CheckConstraint('rejected_at IS NULL OR rejected_reason IS NOT NULL', name=op.f('ck_application_documents_rejection_complete')),
    sa.CheckConstraint('size > 0', name=op.f('ck_application_documents_size_positive')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_documents_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rejected_by_id'], ['users.id'], name=op.f('fk_application_documents_rejected_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replaces_id'], ['application_documents.id'], name=op.f('fk_application_documents_replaces_id_application_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_application_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_documents'))
    )
    with op.batch_alter_table('application_documents', schema=None) as batch_op:
        batch_op.create_index('ix_application_documents_application_id', ['application_id'], unique=False)
        batch_op.create_index('uq_application_documents_current', ['application_id', 'doc_type'], unique=True, postgresql_where=sa.text("status = 'current'"), sqlite_where=sa.text("status = 'current'"))

    with op.batch_alter_table('cooperation_conditions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_areas', sa.String(length=255), server_default='', nullable=False))

    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_institutions_home_not_archived'), "NOT (is_home AND archived_at IS NOT NULL)"
        )

    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_timers_only', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('weight_gpa', sa.Integer(), server_default='50', nullable=False))
        batch_op.add_column(sa.Column('weight_language', sa.Integer(), server_default='50', nullable=False))
        batch_op.add_column(sa.Column('weight_review', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('weight_interview', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('call_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_programs_call_id'), ['call_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_programs_call_id_calls'), 'calls', ['call_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            op.f('ck_programs_weights_range'),
            "weight_gpa BETWEEN 0 AND 100 AND weight_language BETWEEN 0 AND 100 "
            "AND weight_review BETWEEN 0 AND 100 AND weight_interview BETWEEN 0 AND 100",
        )
        batch_op.create_check_constraint(
            op.f('ck_programs_weights_sum_100'),
            "weight_gpa + weight_language + weight_review + weight_interview = 100",
        )


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_programs_weights_sum_100'), type_='check')
        batch_op.drop_constraint(op.f('ck_programs_weights_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_programs_call_id_calls'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_programs_call_id'))
        batch_op.drop_column('call_id')
        batch_op.drop_column('weight_interview')
        batch_op.drop_column('weight_review')
        batch_op.drop_column('weight_language')
        batch_op.drop_column('weight_gpa')
        batch_op.drop_column('first_timers_only')

    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_institutions_home_not_archived'), type_='check')
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('cooperation_conditions', schema=None) as batch_op:
        batch_op.drop_column('subject_areas')

    with op.batch_alter_table('application_documents', schema=None) as batch_op:
        batch_op.drop_index('uq_application_documents_current', postgresql_where=sa.text("status = 'current'"), sqlite_where=sa.text("status = 'current'"))
        batch_op.drop_index('ix_application_documents_application_id')

    op.drop_table('application_documents')
    with op.batch_alter_table('application_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_choices_program_id'))

    op.drop_table('application_choices')
    op.drop_table('student_languages')
    with op.batch_alter_table('signatories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatories_partnership_id'))

    op.drop_table('signatories')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_recipient_unread')
        batch_op.drop_index('ix_notices_recipient_created')

    op.drop_table('notices')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_state'))
        batch_op.drop_index(batch_op.f('ix_applications_call_id'))

    op.drop_table('applications')
    op.drop_table('agreement_documents')
    with op.batch_alter_table('factsheet_deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_factsheet_deadlines_factsheet_id'))

    op.drop_table('factsheet_deadlines')
    with op.batch_alter_table('institution_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institution_contacts_institution_id'))

    op.drop_table('institution_contacts')
    op.drop_table('factsheets')
    op.drop_table('calls')
