"""The search index: one row per searchable thing everyone may see, in one table.

Rows are built by the features that own the content (see :mod:`participa.search.registry`)
and only exist while everyone may see their thing: a hidden, draft or deleted thing has no row,
so the index holds nothing a reader may not read and no personal data beyond public profiles.

The text search itself is engine-specific and created by hand-written DDL (here for
``create_all``, and in migration 0021):

- SQLite: the FTS5 table ``search_fts`` (rowid = ``search_documents.id``; columns title and
  body) holds the *stems* of the folded text, computed in Python (``search.text``); a trigger
  removes its row when the document goes (also through ``ON DELETE CASCADE``).
- PostgreSQL: an expression GIN index over the folded columns, each document parsed with the
  text search configuration of its language (``spanish``, ``english``, ``portuguese``,
  ``simple``), titles weighted above bodies. Accents are removed in Python before the text is
  stored (``folded_*``), so neither the ``unaccent`` extension (superuser or trusted-extension
  rights) nor a non-immutable function is needed, and SQLite and PostgreSQL fold alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from participa.db import utcnow
from participa.extensions import Model

PG_LANGUAGES = (("es", "spanish"), ("en", "english"), ("pt", "portuguese"))


def pg_document(prefix: str = "") -> str:
    """The tsvector of a row, as the GIN index spells it (queries must use the same text)."""

    def vector(config: str) -> str:
        return (
            f"setweight(to_tsvector('{config}'::regconfig, {prefix}folded_title), 'A') || "
            f"setweight(to_tsvector('{config}'::regconfig, {prefix}folded_body), 'B')"
        )

    cases = " ".join(f"WHEN '{code}' THEN {vector(config)}" for code, config in PG_LANGUAGES)
    return f"(CASE {prefix}language {cases} ELSE {vector('simple')} END)"


SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_documents "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS search_fts_delete", "DROP TABLE IF EXISTS search_fts"]
POSTGRES_DDL = [
    f"CREATE INDEX IF NOT EXISTS ix_search_documents_tsv ON search_documents "
    f"USING gin ({pg_document()})"
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS ix_search_documents_tsv"]


class SearchDocument(Model):
    """One searchable thing: what to match, what to show and where it lives."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_documents_municipality_kind", "municipality_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    # NULL: belongs to the whole network (a person's public profile).
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    folded_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    folded_body: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Where the result links to: an endpoint and its arguments (the municipality's slug is
    # added when shown, so renaming a municipality needs no reindex).
    endpoint: Mapped[str] = mapped_column(String(80))
    url_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The date shown, and the tie-breaker after relevance.
    dated_at: Mapped[datetime] = mapped_column(default=utcnow)
    indexed_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchDocument {self.kind} {self.object_id}>"


def _ddl(statement: str, dialect: str) -> Any:
    return DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]


_table = SearchDocument.__table__
for _statement in SQLITE_DDL:
    event.listen(_table, "after_create", _ddl(_statement, "sqlite"))
for _statement in SQLITE_DROP:
    event.listen(_table, "before_drop", _ddl(_statement, "sqlite"))
for _statement in POSTGRES_DDL:
    event.listen(_table, "after_create", _ddl(_statement, "postgresql"))
