"""The query helpers of participa.core.datasets."""

from __future__ import annotations

from sqlalchemy import column, select, table
from sqlalchemy.dialects import postgresql, sqlite

from participa.core.datasets import Spelled, fields_of


class _upper(Spelled):
    inherit_cache = True
    spellings = {"default": "upper({})", "sqlite": "sqlite_upper({})"}


class _lower(Spelled):
    inherit_cache = True
    spellings = {"default": "lower({})"}


T = table("t", column("a"), column("b"))


def test_each_database_gets_its_own_spelling_and_each_subclass_its_own_cache_key():
    query = select(_upper(T.c.a).label("up"), _lower(T.c.b).label("down"))
    assert "sqlite_upper(t.a) AS up, lower(t.b) AS down" in str(
        query.compile(dialect=sqlite.dialect())
    )
    assert "upper(t.a) AS up, lower(t.b) AS down" in str(
        query.compile(dialect=postgresql.dialect())
    )
    assert _upper(T.c.a)._generate_cache_key() != _lower(T.c.a)._generate_cache_key()


def test_fields_of_labels_each_column_with_its_own_name():
    fields = fields_of(T.c, "b", "a")
    assert [f.name for f in fields] == ["b", "a"]
    assert [f.element for f in fields] == [T.c.b, T.c.a]
