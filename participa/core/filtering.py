"""Narrowing listings' queries by the filters a visitor chose."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

S = TypeVar("S", bound=Select[Any])


def equal_to_chosen(query: S, *pairs: tuple[Any, Any]) -> S:
    """``query`` narrowed to ``column == value`` for each (column, value) pair whose value was
    chosen; an empty value (None, "", 0) leaves that filter out."""
    for column, value in pairs:
        if value:
            query = query.where(column == value)
    return query


def equal_to_chosen_fields(query: S, model: Any, filters: object, *names: str) -> S:
    """``equal_to_chosen`` for filters named as ``model``'s columns (``filters.topic`` narrows
    ``model.topic``)."""
    return equal_to_chosen(query, *((getattr(model, n), getattr(filters, n)) for n in names))
