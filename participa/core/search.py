"""Search boxes that ignore case and accents, on SQLite and PostgreSQL, behind one helper.

Use :func:`matches` in every search box that filters rows by words typed by a person::

    query = query.where(matches(form_query, Municipality.name, Municipality.region))

Each word of the query (split on spaces, at most :data:`MAX_TERMS`) must appear somewhere in one
of the columns, ignoring case and accents: "bahia" finds "Bahía Blanca", "SAO" finds "São Paulo",
"blanca bahia" finds it too. ``extra`` adds, per word, conditions that are not a substring of a
column (for example the countries whose name in the reader's language contains the word).

How the folding works, so both sides agree:

- in Python, :func:`fold` lower-cases and removes combining marks (NFKD);
- in SQL, :func:`folded` wraps a column: on SQLite it calls ``participa_fold``, the same Python
  function registered on every connection (:func:`register_sqlite_functions`, called from the
  engine's connect hook); on PostgreSQL it is ``translate(lower(col), ...)`` with a table of the
  accented Latin letters (upper and lower case, so it works under the C collation too), which
  needs no extension.

Proposals keep their full-text search with stemming (``proposals.search``); this helper is for
substring matching of names, titles and codes.

:func:`page_document` is the other side of site-wide search: what a feature's ``searchable``
contribution says of a member's item that has its own page (see ``search/registry.py``).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, String, and_, false, or_, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

MAX_TERMS = 12
SQLITE_FUNCTION = "participa_fold"


def fold(value: str | None) -> str:
    """Lower-case ``value`` and drop its accents: "Bahía" -> "bahia", "SÃO" -> "sao"."""
    decomposed = unicodedata.normalize("NFKD", (value or "").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _translation_table() -> tuple[str, str]:
    """Accented Latin letters (Latin-1 and Latin Extended-A/B) and their plain lower-case form."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        plain = fold(char)
        if len(plain) == 1 and plain.isascii() and plain.isalpha() and plain != char:
            source.append(char)
            target.append(plain)
    return "".join(source), "".join(target)


ACCENTED, PLAIN = _translation_table()


class folded(FunctionElement[str]):  # lower-case name: used like a SQL function
    """``folded(column)``: the column lower-cased and without accents, in SQL."""

    type = String()
    inherit_cache = True


@compiles(folded)
def _folded_default(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _folded_sqlite(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_postgresql(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    # Literal strings, not parameters: the table is constant and identical in every query, which
    # keeps statements cacheable and lets an expression index use the same text.
    return f"translate(lower({compiler.process(element.clauses, **kw)}), '{ACCENTED}', '{PLAIN}')"


SQLiteValue = str | int | float | bytes | None


def register_sqlite_functions(dbapi_connection: sqlite3.Connection) -> None:
    """Make ``participa_fold`` available on a new SQLite connection."""
    dbapi_connection.create_function(SQLITE_FUNCTION, 1, _sqlite_fold, deterministic=True)


def _sqlite_fold(value: SQLiteValue) -> SQLiteValue:
    return fold(value) if isinstance(value, str) else value


def terms(query: str | None) -> list[str]:
    """The distinct folded words of ``query``, at most :data:`MAX_TERMS`."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so user input matches literally (use with ``escape="\\\\"``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: ColumnExpressionArgument[str | None], term: str) -> ColumnElement[bool]:
    """``column`` contains the already folded ``term``, ignoring case and accents."""
    return folded(column).like(f"%{escape_like(term)}%", escape="\\")


def matches(
    query: str | None,
    *columns: ColumnExpressionArgument[str | None],
    extra: Callable[[str], Iterable[ColumnElement[bool]]] | None = None,
) -> ColumnElement[bool]:
    """A WHERE condition: every word of ``query`` is in one of ``columns``, ignoring case/accents.

    An empty query matches everything. ``extra(term)`` may add alternatives for each folded word.
    """
    words = terms(query)
    if not words:
        return true()
    conditions = []
    for word in words:
        alternatives = [contains(column, word) for column in columns]
        if extra is not None:
            alternatives.extend(extra(word))
        conditions.append(or_(*alternatives) if alternatives else false())
    return and_(*conditions)


@lru_cache(maxsize=16)
def _folded_names(locale: str, names: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((code, fold(name)) for code, name in names)


def codes_named(term: str, names: dict[str, str], locale: str = "") -> list[str]:
    """The keys of ``names`` (code -> label) whose label contains the folded ``term``.

    For searching by a label that lives outside the database, such as a country's name in the
    reader's language: ``Municipality.country.in_(codes_named(word, territories))``.
    """
    folded_names = _folded_names(locale, tuple(sorted(names.items())))
    return [code for code, name in folded_names if term in name]


def page_document(
    item: Any, endpoint: str, *, body: str, dated_at: datetime | None, **url_args: Any
) -> dict[str, Any]:
    """The search document of ``item``, a member's item with a title and its own page at
    ``endpoint`` (``url_args``): its text is ``body``, its date ``dated_at``."""
    return {
        "title": item.title,
        "body": body,
        "municipality_id": item.municipality_id,
        "endpoint": endpoint,
        "url_args": url_args,
        "dated_at": dated_at,
    }
