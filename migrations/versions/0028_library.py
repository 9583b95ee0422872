"""library (issue 17): practices, guides, toolkits and reports, their links and cited indicators

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=600), server_default="", nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("licence", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("authors", sa.String(length=300), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="draft", nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('practice', 'guide', 'toolkit', 'report')",
            name=op.f("ck_library_entries_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published')", name=op.f("ck_library_entries_status")
        ),
        sa.CheckConstraint(
            "licence IN ('cc-by-4.0', 'cc-by-sa-4.0', 'cc-by-nc-4.0', 'cc0-1.0', "
            "'all-rights-reserved')",
            name=op.f("ck_library_entries_licence"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_library_entries_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_entries")),
    )
    with op.batch_alter_table("library_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_entries_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_library_entries_topic"), ["topic"], unique=False)
        batch_op.create_index(
            "ix_library_entries_status_published", ["status", "published_at"], unique=False
        )
    op.create_table(
        "library_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("title", sa.String(length=200), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["library_entries.id"],
            name=op.f("fk_library_links_entry_id_library_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_links")),
    )
    with op.batch_alter_table("library_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_links_entry_id"), ["entry_id"], unique=False)
    op.create_table(
        "library_indicator_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["library_entries.id"],
            name=op.f("fk_library_indicator_citations_entry_id_library_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_indicator_citations")),
        sa.UniqueConstraint(
            "entry_id", "code", name=op.f("uq_library_indicator_citations_entry_id_code")
        ),
    )
    with op.batch_alter_table("library_indicator_citations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_indicator_citations_entry_id"), ["entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_library_indicator_citations_code"), ["code"], unique=False
        )


def downgrade():
    with op.batch_alter_table("library_indicator_citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_indicator_citations_code"))
        batch_op.drop_index(batch_op.f("ix_library_indicator_citations_entry_id"))
    op.drop_table("library_indicator_citations")
    with op.batch_alter_table("library_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_links_entry_id"))
    op.drop_table("library_links")
    with op.batch_alter_table("library_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_library_entries_status_published")
        batch_op.drop_index(batch_op.f("ix_library_entries_topic"))
        batch_op.drop_index(batch_op.f("ix_library_entries_municipality_id"))
    op.drop_table("library_entries")
