"""questionnaires: questionnaires on a consultation phase, questions, responses and answers

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 20:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("phase_kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=10), server_default="draft", nullable=False),
        sa.Column("allow_anonymous", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("results_public", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responses_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'published')", name=op.f("ck_questionnaires_status")
        ),
        sa.CheckConstraint(
            "responses_count >= 0", name=op.f("ck_questionnaires_responses_count")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"], ["consultations.id"],
            name=op.f("fk_questionnaires_consultation_id_consultations"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"],
            name=op.f("fk_questionnaires_municipality_id_municipalities"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
    )  # fmt: skip
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaires_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaires_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "questionnaire_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("profile", sa.String(length=20), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("help", sa.String(length=500), server_default="", nullable=False),
        sa.Column("required", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('short_text', 'long_text', 'single', 'multiple', 'ranking', 'grid')",
            name=op.f("ck_questionnaire_questions_kind"),
        ),
        sa.CheckConstraint(
            "profile IS NULL OR (kind = 'single' AND "
            "profile IN ('age_band', 'gender', 'neighbourhood'))",
            name=op.f("ck_questionnaire_questions_profile"),
        ),
        sa.CheckConstraint(
            "max_length IS NULL OR max_length >= 1",
            name=op.f("ck_questionnaire_questions_max_length"),
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"], ["questionnaires.id"],
            name=op.f("fk_questionnaire_questions_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_questions")),
    )  # fmt: skip
    with op.batch_alter_table("questionnaire_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_questions_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )

    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"],
            name=op.f("fk_questionnaire_responses_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"], ["questionnaires.id"],
            name=op.f("fk_questionnaire_responses_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_questionnaire_responses_user_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_responses")),
        sa.UniqueConstraint(
            "questionnaire_id", "user_id",
            name=op.f("uq_questionnaire_responses_questionnaire_id_user_id"),
        ),
    )  # fmt: skip
    with op.batch_alter_table("questionnaire_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_responses_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_responses_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_responses_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "questionnaire_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questionnaire_questions.id"],
            name=op.f("fk_questionnaire_answers_question_id_questionnaire_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["questionnaire_responses.id"],
            name=op.f("fk_questionnaire_answers_response_id_questionnaire_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_answers")),
        sa.UniqueConstraint(
            "response_id", "question_id",
            name=op.f("uq_questionnaire_answers_response_id_question_id"),
        ),
    )  # fmt: skip
    with op.batch_alter_table("questionnaire_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_answers_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_answers_response_id"), ["response_id"], unique=False
        )


def downgrade():
    op.drop_table("questionnaire_answers")
    op.drop_table("questionnaire_responses")
    op.drop_table("questionnaire_questions")
    op.drop_table("questionnaires")
