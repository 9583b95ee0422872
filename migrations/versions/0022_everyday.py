"""everyday experience (issue 15): no schema change

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 20:20:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
