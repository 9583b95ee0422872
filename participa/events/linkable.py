"""What events may link to: the "event_linkable" system other features contribute to.

A feature declares ``contributions.add("event_linkable", "proposal", Proposal, label=...,
url=..., title=..., public=..., choices=...)``: ``url(obj)`` and ``title(obj)`` show it,
``public(obj)`` tells whether everyone may see it, ``choices(municipality_id)`` lists what staff
may link an event of that member to (newest first, a bounded number).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Linkable:
    kind: str
    model: type
    label: Any  # translated name of the kind (a lazy string)
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    public: Callable[[Any], bool]
    choices: Callable[[int], Sequence[Any]]


_linkables: dict[str, Linkable] = {}


def reset() -> None:
    """Forget every contributed kind (before the features are installed)."""
    _linkables.clear()


def register_linkable(
    kind: str,
    model: type,
    *,
    label: Any,
    url: Callable[[Any], str],
    title: Callable[[Any], str],
    public: Callable[[Any], bool],
    choices: Callable[[int], Sequence[Any]],
) -> None:
    """Let events link to instances of ``model`` under the name ``kind``."""
    existing = _linkables.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"event_linkable {kind!r} is already registered for {existing.model}")
    _linkables[kind] = Linkable(kind, model, label, url, title, public, choices)


def linkable(kind: str) -> Linkable | None:
    """The registration of ``kind``, or None when no installed feature contributes it."""
    return _linkables.get(kind)


def linkables() -> list[Linkable]:
    """Every contributed kind, in installation order."""
    return list(_linkables.values())


def kind_of(target: Any) -> str | None:
    """The kind under which ``target``'s class was contributed, or None."""
    for entry in _linkables.values():
        if isinstance(target, entry.model):
            return entry.kind
    return None
