"""open data: each municipality's licence of its datasets; the platform's own evidence for
PAR-03 (participatory budgets) and PAR-10 (published follow-up)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 14:10:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('open_data_settings',
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('licence', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_open_data_settings_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_open_data_settings'))
    )
    # Which platform activity suggests evidence (a hint, not part of the indicators' text):
    # budgets now prove PAR-03 and published follow-up PAR-10, instead of consultations that
    # merely reached their results phase.
    op.execute("UPDATE indicators SET suggestion = 'participatory_budget' "
               "WHERE code = 'PAR-03' AND suggestion IS NULL")
    op.execute("UPDATE indicators SET suggestion = 'followup_published' "
               "WHERE code = 'PAR-10' AND suggestion = 'consultation_results'")


def downgrade():
    op.execute("UPDATE indicators SET suggestion = 'consultation_results' "
               "WHERE code = 'PAR-10' AND suggestion = 'followup_published'")
    op.execute("UPDATE indicators SET suggestion = NULL "
               "WHERE code = 'PAR-03' AND suggestion = 'participatory_budget'")
    op.drop_table('open_data_settings')
