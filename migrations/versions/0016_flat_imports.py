"""procurement imports may be releases in the flattened layout (kind 'flat')

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 17:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contracting_imports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contracting_imports_kind'), type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('package', 'flat', 'csv')")


def downgrade():
    # Flat imports are recorded as what they became: release packages.
    op.execute("UPDATE contracting_imports SET kind = 'package' WHERE kind = 'flat'")
    with op.batch_alter_table('contracting_imports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contracting_imports_kind'), type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('package', 'csv')")
