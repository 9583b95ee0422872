"""participatory budgets: budgets (each with its secret ballot box), districts, projects and
the proposals they come from

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 13:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('box_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('total_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('participation', sa.String(length=20), server_default='registered', nullable=False),
    sa.Column('vote_rule', sa.String(length=20), server_default='within_budget', nullable=False),
    sa.Column('max_projects', sa.Integer(), nullable=True),
    sa.Column('min_spend_percent', sa.Integer(), nullable=True),
    sa.Column('result_rule', sa.String(length=20), server_default='greedy', nullable=False),
    sa.Column('status', sa.String(length=20), server_default='draft', nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ballots_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('pool_voters', sa.JSON(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("participation IN ('registered', 'verified')", name=op.f('ck_budgets_participation')),
    sa.CheckConstraint("result_rule IN ('greedy', 'equal_shares')", name=op.f('ck_budgets_result_rule')),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_budgets_status')),
    sa.CheckConstraint("vote_rule IN ('within_budget', 'at_most', 'approval')", name=op.f('ck_budgets_vote_rule')),
    sa.CheckConstraint('ballots_count >= 0', name=op.f('ck_budgets_ballots_count')),
    sa.CheckConstraint('max_projects IS NULL OR max_projects >= 1', name=op.f('ck_budgets_max_projects')),
    sa.CheckConstraint('min_spend_percent IS NULL OR (min_spend_percent >= 0 AND min_spend_percent <= 100)', name=op.f('ck_budgets_min_spend_percent')),
    sa.CheckConstraint('total_amount > 0', name=op.f('ck_budgets_total_amount')),
    sa.ForeignKeyConstraint(['box_id'], ['ballot_boxes.id'], name=op.f('fk_budgets_box_id_ballot_boxes')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_budgets_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_budgets_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budgets')),
    sa.UniqueConstraint('box_id', name=op.f('uq_budgets_box_id'))
    )
    with op.batch_alter_table('budgets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budgets_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budgets_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('budget_districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_budget_districts_amount')),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_budget_districts_budget_id_budgets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_budget_districts_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_districts')),
    sa.UniqueConstraint('budget_id', 'name', name=op.f('uq_budget_districts_budget_id_name'))
    )
    with op.batch_alter_table('budget_districts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_districts_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_districts_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('budget_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('cost', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('location_text', sa.String(length=200), nullable=True),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('votes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('funded', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('cost > 0', name=op.f('ck_budget_projects_cost')),
    sa.CheckConstraint('votes >= 0', name=op.f('ck_budget_projects_votes')),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_budget_projects_budget_id_budgets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['budget_districts.id'], name=op.f('fk_budget_projects_district_id_budget_districts')),
    sa.ForeignKeyConstraint(['image_id'], ['uploads.id'], name=op.f('fk_budget_projects_image_id_uploads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_budget_projects_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_projects')),
    sa.UniqueConstraint('budget_id', 'code', name=op.f('uq_budget_projects_budget_id_code'))
    )
    with op.batch_alter_table('budget_projects', schema=None) as batch_op:
        batch_op.create_index('ix_budget_projects_budget_id_position', ['budget_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_projects_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_projects_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('budget_project_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_budget_project_proposals_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['budget_projects.id'], name=op.f('fk_budget_project_proposals_project_id_budget_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_budget_project_proposals_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_project_proposals')),
    sa.UniqueConstraint('project_id', 'proposal_id', name=op.f('uq_budget_project_proposals_project_id_proposal_id'))
    )
    with op.batch_alter_table('budget_project_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_project_proposals_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_project_proposals_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_project_proposals_proposal_id'), ['proposal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('budget_project_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_project_proposals_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_budget_project_proposals_project_id'))
        batch_op.drop_index(batch_op.f('ix_budget_project_proposals_municipality_id'))

    op.drop_table('budget_project_proposals')
    with op.batch_alter_table('budget_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_projects_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_budget_projects_district_id'))
        batch_op.drop_index('ix_budget_projects_budget_id_position')

    op.drop_table('budget_projects')
    with op.batch_alter_table('budget_districts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_districts_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_budget_districts_budget_id'))

    op.drop_table('budget_districts')
    with op.batch_alter_table('budgets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budgets_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_budgets_consultation_id'))

    op.drop_table('budgets')
