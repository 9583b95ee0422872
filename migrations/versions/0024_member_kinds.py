"""members of more kinds: municipalities, legislatures and associations of municipalities

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="municipality", nullable=False)
        )
        batch_op.create_check_constraint(
            "kind", "kind IN ('municipality', 'legislature', 'association')"
        )


def downgrade():
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_municipalities_kind"), type_="check")
        batch_op.drop_column("kind")
