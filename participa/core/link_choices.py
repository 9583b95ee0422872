"""What a choice list offers: the plain ``Choice`` record, and what staff may link something of
a member to (an event to a consultation, a practice...): the member's newest rows of one kind, a
bounded number, so a choice list stays usable."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import select

from participa.extensions import db

LIMIT = 100


class Choice(NamedTuple):
    """One thing a filter or a select offers: plain, so that pages can share it (core.cache)."""

    id: int
    name: str


def newest_of_member(model: Any, municipality_id: int, *conditions: Any) -> list[Any]:
    """The member's newest ``LIMIT`` rows of ``model`` that meet ``conditions``."""
    return list(
        db.session.scalars(
            select(model)
            .where(model.municipality_id == municipality_id, *conditions)
            .order_by(model.id.desc())
            .limit(LIMIT)
        )
    )
