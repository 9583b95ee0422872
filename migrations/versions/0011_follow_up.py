"""follow up

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 13:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

STATUSES = "status IN ('planned', 'in_progress', 'completed', 'cancelled')"
PROGRESS = "progress >= 0 AND progress <= 100"


def upgrade():
    # One follow-up result per decision (source kind and id), public, updated by staff.
    op.create_table('followup_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='planned', nullable=False),
    sa.Column('progress', sa.Integer(), server_default='0', nullable=False),
    sa.Column('district', sa.String(length=120), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('last_update_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(STATUSES, name=op.f('ck_followup_results_status')),
    sa.CheckConstraint(PROGRESS, name=op.f('ck_followup_results_progress')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_followup_results_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_results')),
    sa.UniqueConstraint('municipality_id', 'source_kind', 'source_id', name=op.f('uq_followup_results_municipality_id_source_kind_source_id'))
    )
    with op.batch_alter_table('followup_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_results_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index('ix_followup_results_municipality_status', ['municipality_id', 'status'], unique=False)

    # The dated public history of each result (who wrote an update is in the audit log).
    op.create_table('followup_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('previous_status', sa.String(length=20), nullable=False),
    sa.Column('previous_progress', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint(STATUSES, name=op.f('ck_followup_updates_status')),
    sa.CheckConstraint(PROGRESS, name=op.f('ck_followup_updates_progress')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_followup_updates_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['result_id'], ['followup_results.id'], name=op.f('fk_followup_updates_result_id_followup_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_updates'))
    )
    with op.batch_alter_table('followup_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_updates_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_updates_result_id'), ['result_id'], unique=False)

    op.create_table('followup_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_followup_milestones_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['result_id'], ['followup_results.id'], name=op.f('fk_followup_milestones_result_id_followup_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_milestones'))
    )
    with op.batch_alter_table('followup_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_milestones_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_milestones_result_id'), ['result_id'], unique=False)


def downgrade():
    with op.batch_alter_table('followup_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_milestones_result_id'))
        batch_op.drop_index(batch_op.f('ix_followup_milestones_municipality_id'))
    op.drop_table('followup_milestones')
    with op.batch_alter_table('followup_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_updates_result_id'))
        batch_op.drop_index(batch_op.f('ix_followup_updates_municipality_id'))
    op.drop_table('followup_updates')
    with op.batch_alter_table('followup_results', schema=None) as batch_op:
        batch_op.drop_index('ix_followup_results_municipality_status')
        batch_op.drop_index(batch_op.f('ix_followup_results_municipality_id'))
    op.drop_table('followup_results')
