"""upload storage: uploads may keep their bytes in a folder or S3-compatible storage

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('storage', sa.String(length=20), server_default='database', nullable=False)
        )
        batch_op.add_column(sa.Column('storage_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_uploads_storage_key'), ['storage_key']
        )
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)


def downgrade():
    outside = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM uploads WHERE storage <> 'database'")
    )
    if outside:
        raise RuntimeError(
            f"{outside} uploads keep their bytes outside the database; move them back into "
            "uploads.data before downgrading, or they would be lost."
        )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_uploads_storage_key'), type_='unique')
        batch_op.drop_column('storage_key')
        batch_op.drop_column('storage')
