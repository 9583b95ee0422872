"""Paginate a select() with one COUNT and one LIMIT/OFFSET query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from participa.core.cache import shared
from participa.core.params import int_arg
from participa.extensions import db


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(
    query: Select[*tuple[Any, ...]],
    per_page: int = 20,
    *,
    scalars: bool = True,
    key: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    shared_total: tuple[Any, ...] | None = None,
) -> Page:
    """Return the page named by ``?page=`` (404 past the end, 400 on garbage).

    With ``key`` (the primary key of an entity query), the page's keys are sorted and cut
    first, on the bare rows, and only those rows are loaded with their eager joins: without
    it the database joins (and sorts) every matching row before keeping a page of them.
    With ``shared_total`` (everything the query's rows depend on, when nothing is personal),
    the count is shared by every visitor for the page cache's seconds (core.cache.shared):
    counting thousands of rows is most of a long list's cost.
    """
    page = int_arg("page", 1, min=1) or 1

    def count() -> int:
        subquery = query.order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(subquery)) or 0

    total = count() if shared_total is None else shared("page_total", count, *shared_total)
    if page > 1 and (page - 1) * per_page >= total:
        abort(404)
    offset = (page - 1) * per_page
    if key is not None:
        keys = query.with_only_columns(key).limit(per_page).offset(offset)
        limited = query.where(key.in_(keys.scalar_subquery()))
    else:
        limited = query.limit(per_page).offset(offset)
    result = db.session.execute(limited)
    items = list(result.scalars()) if scalars else list(result)
    return Page(items=items, page=page, per_page=per_page, total=total)
