"""indexes for speed: proposal lists read a page in index order and count from the index

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 17:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # The id ends both sorts of the list ("supports_count DESC, id DESC", "created_at DESC,
    # id DESC"): with it in the index PostgreSQL reads a page in order instead of sorting every
    # proposal of the consultation. The old two-column indexes are prefixes of the new ones.
    op.drop_index("ix_proposals_consultation_id_supports_count", table_name="proposals")
    op.drop_index("ix_proposals_consultation_id_created_at", table_name="proposals")
    op.create_index(
        "ix_proposals_consultation_id_supports_count_id",
        "proposals",
        ["consultation_id", "supports_count", "id"],
    )
    op.create_index(
        "ix_proposals_consultation_id_created_at_id",
        "proposals",
        ["consultation_id", "created_at", "id"],
    )
    # The list's count (consultation_id = ? AND hidden_at IS NULL) as an index-only scan.
    op.create_index(
        "ix_proposals_consultation_id_hidden_at", "proposals", ["consultation_id", "hidden_at"]
    )


def downgrade():
    op.drop_index("ix_proposals_consultation_id_hidden_at", table_name="proposals")
    op.drop_index("ix_proposals_consultation_id_created_at_id", table_name="proposals")
    op.drop_index("ix_proposals_consultation_id_supports_count_id", table_name="proposals")
    op.create_index(
        "ix_proposals_consultation_id_created_at", "proposals", ["consultation_id", "created_at"]
    )
    op.create_index(
        "ix_proposals_consultation_id_supports_count",
        "proposals",
        ["consultation_id", "supports_count"],
    )
