"""challenges (issue 17)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
