"""search: one site-wide search index (search_documents) with FTS5 / tsvector GIN

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 20:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


# The same statements as participa/search/models.py (kept for create_all); copied, not
# imported, so that this revision never changes with the application.
def _pg_document() -> str:
    def vector(config: str) -> str:
        return (
            f"setweight(to_tsvector('{config}'::regconfig, folded_title), 'A') || "
            f"setweight(to_tsvector('{config}'::regconfig, folded_body), 'B')"
        )

    languages = (("es", "spanish"), ("en", "english"), ("pt", "portuguese"))
    cases = " ".join(f"WHEN '{code}' THEN {vector(config)}" for code, config in languages)
    return f"(CASE language {cases} ELSE {vector('simple')} END)"


SEARCH_DDL = {
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')",
        "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_documents "
        "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
    ],
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS ix_search_documents_tsv ON search_documents "
        f"USING gin ({_pg_document()})"
    ],
}
SEARCH_DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS search_fts_delete", "DROP TABLE IF EXISTS search_fts"],
    "postgresql": ["DROP INDEX IF EXISTS ix_search_documents_tsv"],
}


def _run(statements):
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade():
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("folded_title", sa.Text(), server_default="", nullable=False),
        sa.Column("folded_body", sa.Text(), server_default="", nullable=False),
        sa.Column("endpoint", sa.String(length=80), nullable=False),
        sa.Column("url_args", sa.JSON(), nullable=False),
        sa.Column("dated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_search_documents_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "object_id", name=op.f("uq_search_documents_kind_object_id")),
    )
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_search_documents_municipality_kind", ["municipality_id", "kind"], unique=False
        )
    _run(SEARCH_DDL)


def downgrade():
    _run(SEARCH_DROP)
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_search_documents_municipality_kind")
    op.drop_table("search_documents")
