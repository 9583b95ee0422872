"""hardening legislation and privacy

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Unchanged articles of a new version point at the section their votes were carried from.
    with op.batch_alter_table('legislation_sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_legislation_sections_carried_from_id_legislation_sections'),
            'legislation_sections', ['carried_from_id'], ['id'], ondelete='SET NULL',
        )
    # consultations.proposals_count now counts the proposals everyone can see (moderation keeps
    # it in step); it used to count hidden ones too.
    op.execute(
        "UPDATE consultations SET proposals_count = (SELECT count(*) FROM proposals"
        " WHERE proposals.consultation_id = consultations.id AND proposals.hidden_at IS NULL)"
    )


def downgrade():
    op.execute(
        "UPDATE consultations SET proposals_count = (SELECT count(*) FROM proposals"
        " WHERE proposals.consultation_id = consultations.id)"
    )
    with op.batch_alter_table('legislation_sections', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_legislation_sections_carried_from_id_legislation_sections'),
            type_='foreignkey',
        )
        batch_op.drop_column('carried_from_id')
