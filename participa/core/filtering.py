"""Narrowing listings' queries: by the filters a visitor chose, to the newest of a set."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, select

from participa.extensions import db

S = TypeVar("S", bound=Select[Any])


def equal_to_chosen(query: S, *pairs: tuple[Any, Any]) -> S:
    """``query`` narrowed to ``column == value`` for each (column, value) pair whose value was
    chosen; an empty value (None, "", 0) leaves that filter out."""
    for column, value in pairs:
        if value:
            query = query.where(column == value)
    return query


def newest_among(model: Any, ids: Select[Any], limit: int) -> list[Any]:
    """The rows of ``model`` whose id ``ids`` selects, newest (highest id) first, at most
    ``limit`` of them."""
    query = select(model).where(model.id.in_(ids)).order_by(model.id.desc()).limit(limit)
    return list(db.session.scalars(query))
