"""indicators: validated answers, archived evidence, rounds with a cut-off (reserved for the indicators helper)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 17:40:00

"""

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
