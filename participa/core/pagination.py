"""Paginate a select() with one COUNT and one LIMIT/OFFSET query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import Select, func, select

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


def paginate(query: Select[*tuple[Any, ...]], per_page: int = 20, *, scalars: bool = True) -> Page:
    """Return the page named by ``?page=`` (404 past the end, 400 on garbage)."""
    page = int_arg("page", 1, min=1) or 1
    total = (
        db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
    if page > 1 and (page - 1) * per_page >= total:
        abort(404)
    limited = query.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(limited)
    items = list(result.scalars()) if scalars else list(result)
    return Page(items=items, page=page, per_page=per_page, total=total)
