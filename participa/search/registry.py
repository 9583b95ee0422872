"""What features make searchable: the ``searchable`` system that the search feature serves.

A feature contributes, in its manifest's contributions::

    contributions.add(
        "searchable", "proposal", Proposal,
        label=_l("Proposals"),
        document=proposal_document,      # Proposal -> Document | None (None: not public)
        every=lambda: select(Proposal),  # what ``search reindex`` walks (default: every row)
        watch=("title", "body", "hidden_at"),  # reindex on changes of these (default: any)
        depends_on=((Consultation, ("status",), lambda c: select(Proposal).where(...)),),
    )

``document`` returns what everyone may see of the object, or None when the public may not see
it (hidden, draft, deleted, private): its row is then removed. ``depends_on`` names other
models whose changes change this kind's documents (publishing a consultation publishes its
proposals): the model, the attributes that matter and a function from such an object to a
select of the affected objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import Select, select

Dependency = tuple[type[Any], tuple[str, ...], Callable[[Any], Select[Any]]]


class Document(TypedDict, total=False):
    """What a feature says of one searchable object (title, endpoint and url_args required)."""

    title: str
    body: str
    municipality_id: int | None
    # A locale ("es", "pt_BR"); left out: the municipality's default locale; None: no stemming
    # (names of people).
    language: str | None
    endpoint: str
    url_args: dict[str, Any]
    dated_at: datetime | None


@dataclass(frozen=True)
class Searchable:
    kind: str
    model: type[Any]
    label: Any  # a lazy string: the kind's name in the reader's language
    document: Callable[[Any], Document | None]
    every: Callable[[], Select[Any]] | None = None
    watch: tuple[str, ...] = ()
    depends_on: Sequence[Dependency] = ()
    order: int = 50

    def all_objects(self) -> Select[Any]:
        return self.every() if self.every is not None else select(self.model)


@dataclass
class Registry:
    kinds: dict[str, Searchable] = field(default_factory=dict)

    def by_model(self, model: type[Any]) -> list[Searchable]:
        return [entry for entry in self.kinds.values() if isinstance_model(model, entry.model)]


def isinstance_model(model: type[Any], wanted: type[Any]) -> bool:
    return issubclass(model, wanted)


registry = Registry()


def register_searchable(
    kind: str,
    model: type[Any],
    *,
    label: Any,
    document: Callable[[Any], Document | None],
    every: Callable[[], Select[Any]] | None = None,
    watch: Sequence[str] = (),
    depends_on: Sequence[Dependency] = (),
    order: int = 50,
) -> None:
    """Make ``model`` searchable as ``kind`` (served to features through their manifests)."""
    existing = registry.kinds.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"searchable kind {kind!r} is already registered")
    registry.kinds[kind] = Searchable(
        kind, model, label, document, every, tuple(watch), tuple(depends_on), order
    )


def reset() -> None:
    """Forget every kind (called before the features are installed again)."""
    registry.kinds.clear()


def kinds() -> list[Searchable]:
    """The registered kinds, in display order."""
    return sorted(registry.kinds.values(), key=lambda entry: (entry.order, entry.kind))


def get(kind: str) -> Searchable | None:
    return registry.kinds.get(kind)
