"""media: image variants and alt text on uploads; documents attached to content

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 20:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variant_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("alt", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("public", sa.Boolean(), server_default="1", nullable=False))
        batch_op.create_index(batch_op.f("ix_uploads_variant_of_id"), ["variant_of_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_uploads_variant_of_id_uploads"),
            "uploads",
            ["variant_of_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_attachments_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
            name=op.f("fk_attachments_upload_id_uploads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"],
            ["users.id"],
            name=op.f("fk_attachments_uploader_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_municipality_id"), ["municipality_id"])
        batch_op.create_index(batch_op.f("ix_attachments_upload_id"), ["upload_id"])
        batch_op.create_index(batch_op.f("ix_attachments_uploader_id"), ["uploader_id"])
        batch_op.create_index("ix_attachments_target", ["target_kind", "target_id"])


def downgrade():
    op.drop_table("attachments")
    # Variants are copies: dropping them loses nothing the originals do not hold.
    op.execute(sa.text("DELETE FROM uploads WHERE variant_of_id IS NOT NULL"))
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_uploads_variant_of_id_uploads"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_uploads_variant_of_id"))
        batch_op.drop_column("public")
        batch_op.drop_column("alt")
        batch_op.drop_column("variant_of_id")
