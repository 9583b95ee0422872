"""prepared files: large downloads built by the background worker

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 20:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

INDEXED = ("created_at", "expires_at", "kind", "municipality_id", "owner_id")


def upgrade():
    op.create_table(
        "prepared_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("version", sa.String(length=64), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="queued", nullable=False),
        sa.Column("filename", sa.String(length=255), server_default="", nullable=False),
        sa.Column(
            "content_type",
            sa.String(length=80),
            server_default="application/octet-stream",
            nullable=False,
        ),
        sa.Column("size", sa.Integer(), server_default="0", nullable=False),
        sa.Column("storage", sa.String(length=20), nullable=True),
        sa.Column("storage_key", sa.String(length=64), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("last_modified", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_prepared_files_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_prepared_files_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepared_files")),
        sa.UniqueConstraint("slot", name=op.f("uq_prepared_files_slot")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_prepared_files_storage_key")),
    )
    with op.batch_alter_table("prepared_files", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_prepared_files_{column}"), [column], unique=False)


def downgrade():
    with op.batch_alter_table("prepared_files", schema=None) as batch_op:
        for column in reversed(INDEXED):
            batch_op.drop_index(batch_op.f(f"ix_prepared_files_{column}"))
    op.drop_table("prepared_files")
