"""Full-text search of proposals behind one function, on SQLite (FTS5) and PostgreSQL.

SQLite: a standalone FTS5 table ``proposals_fts`` (rowid = proposal id) holds the title, body and
place of each proposal, lower-cased, without accents and reduced to Spanish stems in Python
(snowball), so "Bicicletas" finds "bicicleta" and "construccion" finds "construcción". The
services refresh a row on every insert or edit; a trigger removes it when the proposal goes.

PostgreSQL: an expression GIN index on ``to_tsvector('spanish', translate(title || ' ' || body))``
with accents translated away, queried with ``plainto_tsquery('spanish', ...)`` on the same
expression so the planner uses the index.

The same DDL is attached to the table for ``create_all`` (tests) and belongs in the migration.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    DDL,
    ColumnElement,
    Integer,
    Select,
    bindparam,
    event,
    false,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session, scoped_session

from participa.proposals.models import Proposal

ACCENTED = "ÁÀÂÄÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜÑÇáàâäéèêëíìîïóòôöúùûüñç"
PLAIN = "AAAAEEEEIIIIOOOOUUUUNCaaaaeeeeiiiioooouuuunc"
MAX_QUERY_TERMS = 12

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS proposals_fts USING fts5("
    "content, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_delete AFTER DELETE ON proposals "
    "BEGIN DELETE FROM proposals_fts WHERE rowid = old.id; END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS proposals_fts_delete", "DROP TABLE IF EXISTS proposals_fts"]


def _pg_document(prefix: str = "") -> str:
    return (
        f"to_tsvector('spanish'::regconfig, translate({prefix}title || ' ' || {prefix}body, "
        f"'{ACCENTED}', '{PLAIN}'))"
    )


POSTGRES_DDL = [
    f"CREATE INDEX IF NOT EXISTS ix_proposals_search ON proposals USING gin ({_pg_document()})"
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS ix_proposals_search"]


def _ddl(statement: str, dialect: str) -> DDL:
    """``statement``, run only on ``dialect``."""
    # SQLAlchemy's DDL() has no annotations.
    return DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]


for _statement in SQLITE_DDL:
    event.listen(Proposal.__table__, "after_create", _ddl(_statement, "sqlite"))
for _statement in SQLITE_DROP:
    event.listen(Proposal.__table__, "after_drop", _ddl(_statement, "sqlite"))
for _statement in POSTGRES_DDL:
    event.listen(Proposal.__table__, "after_create", _ddl(_statement, "postgresql"))

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # snowballstemmer ships no type information
    import snowballstemmer

    return snowballstemmer.stemmer("spanish")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stems(value: str | None) -> list[str]:
    """Lower-case, accent-free Spanish stems of the words in ``value``."""
    words = _WORD.findall(strip_accents((value or "").lower()))
    stemmed: list[str] = _stemmer().stemWords(words)
    return stemmed


def index_document(proposal: Proposal) -> str:
    return " ".join(stems(" ".join(filter(None, [proposal.title, proposal.body,
                                                 proposal.location_text]))))  # fmt: skip


def index_proposal(session: Session | scoped_session[Any], proposal: Proposal) -> None:
    """Refresh the search entry of ``proposal`` (SQLite; PostgreSQL indexes by itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("DELETE FROM proposals_fts WHERE rowid = :id"), {"id": proposal.id})
    session.execute(
        text("INSERT INTO proposals_fts (rowid, content) VALUES (:id, :content)"),
        {"id": proposal.id, "content": index_document(proposal)},
    )


def search_condition(
    session: Session | scoped_session[Any], query_text: str
) -> ColumnElement[bool]:
    """A WHERE condition on ``Proposal`` matching ``query_text`` (every word, stemmed)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        cleaned = strip_accents(query_text or "")
        if not _WORD.search(cleaned):
            return false()
        return _pg_match(cleaned)
    terms = list(dict.fromkeys(stems(query_text)))[:MAX_QUERY_TERMS]
    if not terms:
        return false()
    match = " ".join(f'"{term}"' for term in terms)
    return Proposal.id.in_(
        text("SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH :search_match")
        .bindparams(search_match=match)
        .columns(rowid=Integer)
    )


def _pg_match(cleaned: str) -> ColumnElement[bool]:
    query = func.plainto_tsquery(
        literal_column("'spanish'::regconfig"), bindparam("search_query", cleaned)
    )
    return literal_column(_pg_document("proposals.")).op("@@")(query)


def search_proposals(session: Session | scoped_session[Any], query_text: str) -> Select[Proposal]:
    """Proposals matching ``query_text``, ignoring case and accents, with Spanish stemming."""
    return select(Proposal).where(search_condition(session, query_text))
