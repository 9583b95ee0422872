"""Registry of reportable content kinds.

Features register models whose items people may report::

    register_reportable(
        "proposal", Proposal,
        url=lambda p: url_for("proposals.detail", proposal_id=p.id),
        author_id=lambda p: p.author_id,
        title=lambda p: p.title,
    )

Convention: a reportable model has ``municipality_id`` and a nullable ``hidden_at`` datetime column;
moderation sets it when the item is hidden and clears it when it is restored. Comments are
themselves reportable (kind ``"comment"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g
from sqlalchemy import select

from participa.extensions import db


@dataclass(frozen=True)
class Reportable:
    kind: str
    model: type
    url: Callable[[Any], str]
    author_id: Callable[[Any], int | None]
    title: Callable[[Any], str]


_registry: dict[str, Reportable] = {}


def register_reportable(
    kind: str,
    model: type,
    *,
    url: Callable[[Any], str],
    author_id: Callable[[Any], int | None],
    title: Callable[[Any], str],
) -> None:
    """Declare ``model`` reportable as ``kind`` (registering the same model again is a no-op)."""
    existing = _registry.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"reportable kind {kind!r} is already registered for {existing.model!r}")
    _registry[kind] = Reportable(kind, model, url, author_id, title)


def unregister_reportable(kind: str) -> None:
    """Forget ``kind`` (for tests)."""
    _registry.pop(kind, None)


def reportable(kind: str) -> Reportable:
    """The registration of ``kind``; 404 when unknown (kinds come from URLs)."""
    try:
        return _registry[kind]
    except KeyError:
        abort(404)


def is_registered(kind: str) -> bool:
    return kind in _registry


def registered_kinds() -> list[str]:
    return sorted(_registry)


def load_reportable(kind: str, target_id: int, municipality_id: int) -> Any | None:
    entry = _registry.get(kind)
    if entry is None:
        return None
    model = entry.model
    return db.session.scalars(
        select(model).where(model.id == target_id, model.municipality_id == municipality_id)
    ).first()


def load_many(kind: str, ids: list[int], municipality_id: int) -> dict[int, Any]:
    """Load several items of one kind in one query, keyed by id."""
    entry = _registry.get(kind)
    if entry is None or not ids:
        return {}
    model = entry.model
    rows = db.session.scalars(
        select(model).where(model.id.in_(ids), model.municipality_id == municipality_id)
    )
    return {row.id: row for row in rows}


def get_reportable(kind: str, target_id: int) -> Any:
    """Load the item scoped to ``g.municipality``; unknown kind, id or municipality → 404."""
    municipality = g.get("municipality")
    if municipality is None:
        abort(404)
    entry = reportable(kind)
    obj = load_reportable(entry.kind, target_id, municipality.id)
    if obj is None:
        abort(404)
    return obj
