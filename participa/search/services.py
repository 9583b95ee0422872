"""Keeping the search index in step with the content, and searching it.

The index follows the content by itself: :func:`install_hooks` (run when the application is
set up, never at import) listens to every flush and, for each object of a searchable model that
was added, changed (in one of its ``watch`` attributes) or deleted, rewrites or removes its row
in the same transaction, with the document the owning feature builds. Bulk ``UPDATE``/``DELETE``
statements bypass flushes: ``flask --app participa search reindex`` rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from flask import url_for
from markupsafe import Markup
from sqlalchemy import (
    Connection,
    Float,
    Integer,
    Table,
    and_,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, UOWTransaction

from participa.core.pagination import Page
from participa.db import fit, utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.search import registry as search_registry
from participa.search import text as search_text
from participa.search.models import SearchDocument, pg_document
from participa.search.registry import Document, Searchable
from participa.search.text import Query

TABLE = cast(Table, SearchDocument.__table__)
PER_PAGE = 20


class QueryTooLong(ValueError):
    """The query is longer than :data:`search_text.MAX_QUERY_LENGTH` characters."""


# Writing rows -------------------------------------------------------------------------------


def _values(
    connection: Connection, entry: Searchable, obj: Any, document: Document
) -> dict[str, Any]:
    if "language" in document:
        locale = document["language"]
    else:
        locale = connection.scalar(
            select(Municipality.default_locale).where(
                Municipality.id == document.get("municipality_id")
            )
        )
    language = search_text.language_of(locale)
    title = fit(SearchDocument.title, document.get("title") or "")
    body = str(document.get("body") or "")
    return {
        "kind": entry.kind,
        "object_id": obj.id,
        "municipality_id": document.get("municipality_id"),
        "language": language,
        "title": title,
        "body": body,
        "folded_title": " ".join(search_text.words(title)),
        "folded_body": " ".join(search_text.words(body)),
        "endpoint": document["endpoint"],
        "url_args": dict(document.get("url_args") or {}),
        "dated_at": document.get("dated_at") or utcnow(),
        "indexed_at": utcnow(),
    }


def _write(
    connection: Connection, entry: Searchable, obj: Any, gone: bool = False, fresh: bool = False
) -> None:
    """Write the row of ``obj`` (``fresh``: the kind's rows were all deleted just before)."""
    document = None if gone else entry.document(obj)
    where = and_(TABLE.c.kind == entry.kind, TABLE.c.object_id == obj.id)
    existing = None if fresh else connection.scalar(select(TABLE.c.id).where(where))
    if document is None:
        if existing is not None:
            connection.execute(delete(TABLE).where(TABLE.c.id == existing))
        return
    values = _values(connection, entry, obj, document)
    if existing is None:
        inserted = connection.execute(insert(TABLE).values(values)).inserted_primary_key
        assert inserted is not None
        row_id = inserted[0]
    else:
        row_id = existing
        connection.execute(update(TABLE).where(TABLE.c.id == existing).values(values))
    if connection.dialect.name == "sqlite":
        _write_fts(connection, row_id, values, fresh=existing is None)


def _write_fts(connection: Connection, row_id: int, values: dict[str, Any], fresh: bool) -> None:
    language = values["language"]
    if not fresh:
        connection.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": row_id})
    connection.execute(
        text("INSERT INTO search_fts (rowid, title, body) VALUES (:id, :title, :body)"),
        {
            "id": row_id,
            "title": search_text.document_stems(values["title"], language),
            "body": search_text.document_stems(values["body"], language),
        },
    )


def index(obj: Any, session: Session | None = None) -> None:
    """Rewrite (or remove, when no longer public) the rows of ``obj`` in the index."""
    session = session or db.session()
    entries = search_registry.registry.by_model(type(obj))
    if not entries:
        return
    connection = session.connection()
    for entry in entries:
        _write(connection, entry, obj)


def remove(obj: Any, session: Session | None = None) -> None:
    """Remove the rows of ``obj`` from the index."""
    session = session or db.session()
    connection = session.connection()
    for entry in search_registry.registry.by_model(type(obj)):
        _write(connection, entry, obj, gone=True)


def reindex(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index of ``kinds`` (default: every kind); returns the rows per kind. Flushes."""
    session = db.session()
    session.flush()
    connection = session.connection()
    wanted = set(kinds) if kinds is not None else None
    counts: dict[str, int] = {}
    for entry in search_registry.kinds():
        if wanted is not None and entry.kind not in wanted:
            continue
        connection.execute(delete(TABLE).where(TABLE.c.kind == entry.kind))
        for obj in session.scalars(entry.all_objects()):
            _write(connection, entry, obj, fresh=True)
        counts[entry.kind] = (
            connection.scalar(
                select(func.count()).select_from(TABLE).where(TABLE.c.kind == entry.kind)
            )
            or 0
        )
    return counts


def _changed(obj: Any, watch: tuple[str, ...]) -> bool:
    if not watch:
        return True
    state = inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in watch)


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    if not search_registry.registry.kinds:
        return
    work: list[tuple[Searchable, Any, bool]] = []
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        gone = obj in session.deleted
        for entry in search_registry.registry.by_model(type(obj)):
            if gone or obj in session.new or _changed(obj, entry.watch):
                work.append((entry, obj, gone))
        if obj in session.new or gone:
            continue
        for entry in search_registry.registry.kinds.values():
            for model, watch, affected in entry.depends_on:
                if isinstance(obj, model) and _changed(obj, watch):
                    work.extend((entry, child, False) for child in session.scalars(affected(obj)))
    if not work:
        return
    connection = session.connection()
    done: set[tuple[str, int, bool]] = set()
    for entry, obj, gone in work:
        key = (entry.kind, obj.id, gone)
        if key not in done:
            done.add(key)
            _write(connection, entry, obj, gone)


def install_hooks() -> None:
    """Follow every flush (once per process, whatever the number of applications)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


# Searching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    kind: str
    label: Any
    title: Markup
    snippet: Markup
    url: str
    municipality: str | None
    dated_at: datetime


@dataclass
class Results(Page):
    """A page of hits (``items``) with the query and the count of each kind."""

    query: Query = field(default_factory=Query)
    counts: dict[str, int] = field(default_factory=dict)  # per kind, whatever the kind filter

    @property
    def hits(self) -> list[Result]:
        return self.items

    @property
    def all_count(self) -> int:
        return sum(self.counts.values())


def parse_query(raw: str | None, reader_language: str | None) -> Query:
    """Parse what was typed; :class:`QueryTooLong` past the allowed length."""
    cleaned = search_text.clean(raw)
    if len(cleaned) > search_text.MAX_QUERY_LENGTH:
        raise QueryTooLong(cleaned)
    return search_text.parse(cleaned, reader_language)


def _any_language(configs: list[str], spelled: Any) -> Any:
    """``websearch_to_tsquery`` of ``spelled`` in each configuration, OR-ed."""
    tsquery: Any = None
    for config in configs:
        one = func.websearch_to_tsquery(literal_column(f"'{config}'::regconfig"), spelled)
        tsquery = one if tsquery is None else func.tsquery_or(tsquery, one)
    return tsquery


def _match(session: Session, query: Query) -> tuple[Any, Any]:
    """A join target (or None) and the relevance expression (lower sorts first)."""
    if session.get_bind().dialect.name == "postgresql":
        # Each language parses the words its way; a document matches when one language's
        # reading of the wanted words matches and no language's reading of the excluded ones.
        configs = [
            *dict.fromkeys(search_text.pg_config(lang) for lang in query.languages),
            search_text.SIMPLE,
        ]
        tsquery = _any_language(configs, bindparam("search_query", query.required_text()))
        if query.excluded:
            excluded = _any_language(configs, bindparam("search_not", query.excluded_text()))
            tsquery = func.tsquery_and(tsquery, func.tsquery_not(excluded))
        vector: Any = literal_column(pg_document("search_documents."))
        return vector.op("@@")(tsquery), -func.ts_rank(vector, tsquery)
    fts = (
        text(
            "SELECT rowid AS rowid, bm25(search_fts, 4.0, 1.0) AS score FROM search_fts "
            "WHERE search_fts MATCH :search_match"
        )
        .bindparams(search_match=search_text.fts5_expression(query))
        .columns(rowid=Integer, score=Float)
        .subquery("fts")
    )
    return fts, fts.c.score


def search(
    query: Query,
    *,
    municipality_id: int | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """Public documents matching ``query``, most relevant first, then newest; two queries.

    Within a municipality, its documents and the network's people; across the network,
    everything but archived municipalities'. ``page`` past the end gives no items.
    """
    session = db.session()
    if query.is_empty:
        return Results([], page, per_page, 0, query=query)
    target, score = _match(session, query)
    documents = select(SearchDocument).outerjoin(
        Municipality, Municipality.id == SearchDocument.municipality_id
    )
    if session.get_bind().dialect.name == "postgresql":
        documents = documents.where(target)
    else:
        documents = documents.join(target, target.c.rowid == SearchDocument.id)
    if municipality_id is not None:
        documents = documents.where(
            or_(
                SearchDocument.municipality_id == municipality_id,
                SearchDocument.municipality_id.is_(None),
            )
        )
    documents = documents.where(
        or_(SearchDocument.municipality_id.is_(None), Municipality.archived_at.is_(None))
    )
    known = list(search_registry.registry.kinds)
    documents = documents.where(SearchDocument.kind.in_(known))
    counts: dict[str, int] = {
        found_kind: int(number)
        for found_kind, number in session.execute(
            documents.with_only_columns(SearchDocument.kind, func.count().label("count"))
            .group_by(SearchDocument.kind)
            .order_by(None)
        )
    }
    total = counts.get(kind, 0) if kind else sum(counts.values())
    if kind:
        documents = documents.where(SearchDocument.kind == kind)
    rows = session.execute(
        documents.with_only_columns(SearchDocument, Municipality.slug, Municipality.name)
        .order_by(score, SearchDocument.dated_at.desc(), SearchDocument.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [_result(document, slug, name, query) for document, slug, name in rows]
    return Results(items, page, per_page, total, query=query, counts=counts)


def _result(document: SearchDocument, slug: str | None, name: str | None, query: Query) -> Result:
    entry = search_registry.get(document.kind)
    args = dict(document.url_args or {})
    if slug is not None:
        args["municipality"] = slug
    return Result(
        kind=document.kind,
        label=entry.label if entry is not None else document.kind,
        title=search_text.highlight(document.title, query),
        snippet=search_text.snippet(document.body, query),
        url=url_for(document.endpoint, **args),
        municipality=name,
        dated_at=document.dated_at,
    )
