"""indicators: validated answers, archived evidence, rounds with a cut-off

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 17:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicator_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cutoff_date", sa.Date(), nullable=True))

    with op.batch_alter_table("indicator_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("validated_value", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("evidence_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("evidence_public", sa.Boolean(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("evidence_archive_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("evidence_archive_status", sa.String(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("evidence_captured_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_indicator_answers_evidence_archive_id_uploads"),
            "uploads",
            ["evidence_archive_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            "evidence_archive_status",
            "evidence_archive_status IN ('archived', 'uploaded', 'failed')",
        )
    # Answers reviewed before validated values existed: an accepted answer was the reviewer's
    # agreement with the member's answer.
    op.execute(
        "UPDATE indicator_answers SET validated_value = value "
        "WHERE review_status = 'accepted' AND value IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("indicator_answers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_indicator_answers_evidence_archive_status"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_indicator_answers_evidence_archive_id_uploads"), type_="foreignkey"
        )
        batch_op.drop_column("evidence_captured_at")
        batch_op.drop_column("evidence_archive_status")
        batch_op.drop_column("evidence_archive_id")
        batch_op.drop_column("evidence_public")
        batch_op.drop_column("evidence_date")
        batch_op.drop_column("validated_value")

    with op.batch_alter_table("indicator_assessments", schema=None) as batch_op:
        batch_op.drop_column("cutoff_date")
