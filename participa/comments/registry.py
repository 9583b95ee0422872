"""Registry of commentable content kinds.

Features (consultations, proposals, ...) register their models once, at import time of their
``policies`` or ``__init__`` module::

    register_commentable(
        "proposal", Proposal,
        url=lambda p: url_for("proposals.detail", proposal_id=p.id),
        is_open=lambda p: p.is_open_for_comments,
        verified_only=lambda p: p.municipality.comments_verified_only,
        author_id=lambda p: p.author_id,
    )

Convention: a commentable model has ``municipality_id`` and, preferably, a
``comments_count: Mapped[int]`` column (default 0) that the comments service keeps up to date
with an atomic ``UPDATE ... SET comments_count = comments_count + 1`` in the same transaction.
Models without that column are accepted; the counter update is then skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g
from sqlalchemy import select

from participa.extensions import db


@dataclass(frozen=True)
class Commentable:
    kind: str
    model: type
    url: Callable[[Any], str]
    is_open: Callable[[Any], bool]
    verified_only: Callable[[Any], bool]
    author_id: Callable[[Any], int | None]

    @property
    def has_counter(self) -> bool:
        return hasattr(self.model, "comments_count")


_registry: dict[str, Commentable] = {}


def register_commentable(
    kind: str,
    model: type,
    *,
    url: Callable[[Any], str],
    is_open: Callable[[Any], bool],
    verified_only: Callable[[Any], bool],
    author_id: Callable[[Any], int | None],
) -> None:
    """Declare ``model`` commentable as ``kind`` (registering the same model again is a no-op)."""
    existing = _registry.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"commentable kind {kind!r} is already registered for {existing.model!r}")
    _registry[kind] = Commentable(kind, model, url, is_open, verified_only, author_id)


def unregister_commentable(kind: str) -> None:
    """Forget ``kind`` (for tests)."""
    _registry.pop(kind, None)


def commentable(kind: str) -> Commentable:
    """The registration of ``kind``; 404 when unknown (kinds come from URLs)."""
    try:
        return _registry[kind]
    except KeyError:
        abort(404)


def is_registered(kind: str) -> bool:
    return kind in _registry


def registered_kinds() -> list[str]:
    return sorted(_registry)


def kind_of(obj: Any) -> str:
    """The registered kind of a commentable instance."""
    for entry in _registry.values():
        if type(obj) is entry.model:
            return entry.kind
    for entry in _registry.values():
        if isinstance(obj, entry.model):
            return entry.kind
    raise LookupError(f"{type(obj).__name__} is not a registered commentable")


def load_commentable(kind: str, target_id: int, municipality_id: int) -> Any | None:
    """Load a target by kind and id within a municipality, or None."""
    entry = _registry.get(kind)
    if entry is None:
        return None
    model = entry.model
    return db.session.scalars(
        select(model).where(model.id == target_id, model.municipality_id == municipality_id)
    ).first()


def get_commentable(kind: str, target_id: int) -> Any:
    """Load the target scoped to ``g.municipality``; unknown kind, id or municipality → 404."""
    municipality = g.get("municipality")
    if municipality is None:
        abort(404)
    entry = commentable(kind)
    obj = load_commentable(entry.kind, target_id, municipality.id)
    if obj is None:
        abort(404)
    return obj
