"""challenges (issue 17): challenges, their partners and the solutions people submit

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "challenges",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("sessions", sa.Text(), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), server_default="draft", nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('open_innovation', 'co_design_lab', 'hackathon')",
            name=op.f("ck_challenges_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'open', 'evaluating', 'closed')", name=op.f("ck_challenges_state")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_challenges_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
    )
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenges_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            "ix_challenges_municipality_id_state_id",
            ["municipality_id", "state", "id"],
            unique=False,
        )

    op.create_table(
        "challenge_partners",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("agreement_url", sa.String(length=500), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("agreement_ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('university', 'civil_society', 'company', 'public_body', 'other')",
            name=op.f("ck_challenge_partners_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["uploads.id"],
            name=op.f("fk_challenge_partners_agreement_id_uploads"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_partners_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_challenge_partners_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_partners")),
    )
    with op.batch_alter_table("challenge_partners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_partners_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_partners_challenge_id"), ["challenge_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_partners_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "challenge_solutions",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), server_default="submitted", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("shortlisted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('submitted', 'shortlisted', 'winner')",
            name=op.f("ck_challenge_solutions_status"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_challenge_solutions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_solutions_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["uploads.id"],
            name=op.f("fk_challenge_solutions_document_id_uploads"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_challenge_solutions_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_solutions")),
    )
    with op.batch_alter_table("challenge_solutions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_solutions_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            "ix_challenge_solutions_challenge_id_id", ["challenge_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_solutions_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_solutions_municipality_id"), ["municipality_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("challenge_solutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_solutions_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_solutions_document_id"))
        batch_op.drop_index("ix_challenge_solutions_challenge_id_id")
        batch_op.drop_index(batch_op.f("ix_challenge_solutions_author_id"))

    op.drop_table("challenge_solutions")
    with op.batch_alter_table("challenge_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_partners_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_partners_challenge_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_partners_agreement_id"))

    op.drop_table("challenge_partners")
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.drop_index("ix_challenges_municipality_id_state_id")
        batch_op.drop_index(batch_op.f("ix_challenges_municipality_id"))

    op.drop_table("challenges")
