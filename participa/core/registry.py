"""Registries of content kinds ("proposal", "comment", ...) that shared systems serve.

Comments, moderation and other cross-feature systems keep one :class:`KindRegistry` each; a
feature registers its model under a kind name, and the shared system loads objects by
(kind, id) always scoped to a municipality, so another municipality's id answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from flask import abort, g, has_request_context
from sqlalchemy import select

from participa.extensions import db

_LOADED = "_participa_registry_loaded"


class Entry(Protocol):
    # Read-only, so that frozen dataclasses qualify.
    @property
    def kind(self) -> str: ...
    @property
    def model(self) -> type: ...


E = TypeVar("E", bound=Entry)


class KindRegistry(Generic[E]):
    """Kinds of one shared system, each mapped to its registration entry."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, E] = {}

    def register(self, entry: E) -> None:
        """Add ``entry``; registering the same model again under its kind is a no-op."""
        existing = self._entries.get(entry.kind)
        if existing is not None and existing.model is not entry.model:
            raise ValueError(
                f"{self.what} kind {entry.kind!r} is already registered for {existing.model!r}"
            )
        self._entries[entry.kind] = entry

    def unregister(self, kind: str) -> None:
        """Forget ``kind`` (for tests)."""
        self._entries.pop(kind, None)

    def get(self, kind: str) -> E | None:
        return self._entries.get(kind)

    def get_or_404(self, kind: str) -> E:
        """The entry of ``kind``; 404 when unknown, because kinds come from URLs."""
        entry = self._entries.get(kind)
        if entry is None:
            abort(404)
        return entry

    def is_registered(self, kind: str) -> bool:
        return kind in self._entries

    def kinds(self) -> list[str]:
        return sorted(self._entries)

    def kind_of(self, obj: Any) -> str:
        """The kind an instance is registered under (exact class first, then subclasses)."""
        # Any: each feature registers its own models, which the core cannot name.
        for exact in (True, False):
            for entry in self._entries.values():
                if (type(obj) is entry.model) if exact else isinstance(obj, entry.model):
                    return entry.kind
        raise LookupError(f"{type(obj).__name__} is not a registered {self.what}")

    def load(self, kind: str, object_id: int, municipality_id: int) -> Any | None:
        """Load one object of ``kind`` within a municipality, or None."""
        entry = self._entries.get(kind)
        if entry is None:
            return None
        # By primary key: from the session when the request has it already (a moderation page
        # asks for the same target once per part), without a query.
        obj: Any = db.session.get(entry.model, object_id)
        if obj is None or obj.municipality_id != municipality_id:
            return None
        if has_request_context():
            # The session holds what it loaded weakly: kept for the request, the next ask for
            # it finds it there (a write since is seen: it is the same, refreshed, object).
            g.setdefault(_LOADED, {})[kind, object_id] = obj
        return obj

    def load_many(self, kind: str, ids: list[int], municipality_id: int) -> dict[int, Any]:
        """Load several objects of one kind in one query, keyed by id."""
        entry = self._entries.get(kind)
        if entry is None or not ids:
            return {}
        # Any mapped class with an id and a municipality_id: its attributes are SQL expressions.
        model: Any = entry.model
        rows = db.session.scalars(
            select(model).where(model.id.in_(ids), model.municipality_id == municipality_id)
        )
        return {row.id: row for row in rows}

    def load_or_404(self, kind: str, object_id: int) -> Any:
        """Load within ``g.municipality``; unknown kind, id or municipality answers 404."""
        municipality = g.get("municipality")
        entry = self.get_or_404(kind)
        obj = self.load(entry.kind, object_id, municipality.id) if municipality else None
        if obj is None:
            abort(404)
        return obj


def visible_count_keeper(kind: str, bump: Callable[[Any, int], None]) -> Callable[..., None]:
    """A receiver of moderation's ``visibility_changed`` that keeps a stored count of what
    everyone can see: ``bump(obj, +1 or -1)`` when an object of ``kind`` appears or goes."""

    def receive(
        sender_kind: str,
        obj: Any = None,  # whichever object of ``sender_kind`` changed
        was_visible: bool = False,
        is_visible: bool = False,
        **_extra: Any,  # what else the signal carries
    ) -> None:
        if sender_kind == kind and was_visible != is_visible:
            bump(obj, 1 if is_visible else -1)

    return receive
