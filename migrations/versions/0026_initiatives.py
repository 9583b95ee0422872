"""initiatives (issue 17): citizen initiatives, each member's rules for them, their signatures

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

STATES = "'review', 'rejected', 'collecting', 'reached', 'answered', 'expired'"


def upgrade():
    op.create_table(
        "initiative_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("signature_threshold", sa.Integer(), server_default="100", nullable=False),
        sa.Column("collection_days", sa.Integer(), server_default="90", nullable=False),
        sa.Column("answer_days", sa.Integer(), server_default="30", nullable=False),
        sa.Column("reminder_days", sa.Integer(), server_default="7", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("signature_threshold >= 1",
                           name=op.f("ck_initiative_rules_signature_threshold")),
        sa.CheckConstraint("collection_days >= 1",
                           name=op.f("ck_initiative_rules_collection_days")),
        sa.CheckConstraint("answer_days >= 1", name=op.f("ck_initiative_rules_answer_days")),
        sa.CheckConstraint("reminder_days >= 0", name=op.f("ck_initiative_rules_reminder_days")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_initiative_rules_municipality_id_municipalities"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_rules")),
        sa.UniqueConstraint("municipality_id", name=op.f("uq_initiative_rules_municipality_id")),
    )  # fmt: skip
    with op.batch_alter_table("initiative_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_rules_municipality_id"),
                              ["municipality_id"], unique=False)  # fmt: skip

    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), server_default="review", nullable=False),
        sa.Column("signature_threshold", sa.Integer(), server_default="0", nullable=False),
        sa.Column("answer_days", sa.Integer(), server_default="0", nullable=False),
        sa.Column("signatures_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collection_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overdue_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"state IN ({STATES})", name=op.f("ck_initiatives_state")),
        sa.CheckConstraint("signatures_count >= 0", name=op.f("ck_initiatives_signatures_count")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name=op.f("fk_initiatives_author_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_initiatives_municipality_id_municipalities"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
    )  # fmt: skip
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiatives_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_municipality_id"), ["municipality_id"],
                              unique=False)  # fmt: skip
        batch_op.create_index("ix_initiatives_municipality_id_state_id",
                              ["municipality_id", "state", "id"], unique=False)  # fmt: skip

    op.create_table(
        "initiative_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["initiative_id"], ["initiatives.id"],
                                name=op.f("fk_initiative_signatures_initiative_id_initiatives"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_initiative_signatures_municipality_id_municipalities"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_initiative_signatures_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_signatures")),
        sa.UniqueConstraint("initiative_id", "user_id",
                            name=op.f("uq_initiative_signatures_initiative_id_user_id")),
    )  # fmt: skip
    with op.batch_alter_table("initiative_signatures", schema=None) as batch_op:
        for column in ("initiative_id", "user_id", "municipality_id"):
            batch_op.create_index(batch_op.f(f"ix_initiative_signatures_{column}"), [column],
                                  unique=False)  # fmt: skip


def downgrade():
    with op.batch_alter_table("initiative_signatures", schema=None) as batch_op:
        for column in ("initiative_id", "user_id", "municipality_id"):
            batch_op.drop_index(batch_op.f(f"ix_initiative_signatures_{column}"))
    op.drop_table("initiative_signatures")
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_index("ix_initiatives_municipality_id_state_id")
        batch_op.drop_index(batch_op.f("ix_initiatives_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_author_id"))
    op.drop_table("initiatives")
    with op.batch_alter_table("initiative_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_rules_municipality_id"))
    op.drop_table("initiative_rules")
