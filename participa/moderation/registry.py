"""Registry of reportable content kinds.

Features register models whose items people may report::

    register_reportable(
        "proposal", Proposal,
        url=lambda p: url_for("proposals.detail", proposal_id=p.id),
        author_id=lambda p: p.author_id,
        title=lambda p: p.title,
        body=lambda p: p.body,  # optional: Markdown shown to moderators as an excerpt
    )

Convention: a reportable model has ``municipality_id`` and a nullable ``hidden_at`` datetime column;
moderation sets it when the item is hidden and clears it when it is restored. Comments are
themselves reportable (kind ``"comment"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from participa.core.registry import KindRegistry

if TYPE_CHECKING:
    from participa.core.authz import Visitor


@dataclass(frozen=True)
class Reportable:
    kind: str
    model: type[Any]  # a mapped class: its items are Any below
    url: Callable[[Any], str]
    author_id: Callable[[Any], int | None]
    title: Callable[[Any], str]
    # The item's Markdown text, shown to moderators as a plain-text excerpt.
    body: Callable[[Any], str | None] | None = None
    # (viewer, item) -> whether the viewer may see where the item lives (a hidden proposal's
    # comments are out of sight too); None: wherever it is shown, everyone may see it.
    visible: Callable[[Visitor, Any], bool] | None = None


_registry: KindRegistry[Reportable] = KindRegistry("reportable")


def register_reportable(
    kind: str,
    model: type[Any],
    *,
    url: Callable[[Any], str],
    author_id: Callable[[Any], int | None],
    title: Callable[[Any], str],
    body: Callable[[Any], str | None] | None = None,
    visible: Callable[[Visitor, Any], bool] | None = None,
) -> None:
    """Declare ``model`` reportable as ``kind`` (registering the same model again is a no-op)."""
    _registry.register(Reportable(kind, model, url, author_id, title, body, visible))


def unregister_reportable(kind: str) -> None:
    """Forget ``kind`` (for tests)."""
    _registry.unregister(kind)


def reportable(kind: str) -> Reportable:
    """The registration of ``kind``; 404 when unknown (kinds come from URLs)."""
    return _registry.get_or_404(kind)


# Plain questions to the registry, under the names the other features call.
is_registered = _registry.is_registered
registered_kinds = _registry.kinds
kind_of = _registry.kind_of  # the registered kind of a reportable instance


def in_sight(user: Visitor, obj: Any) -> bool:
    """Tell whether ``user`` may see where ``obj`` is shown (its own hiding aside)."""
    entry = _registry.get(kind_of(obj))
    return entry is not None and (entry.visible is None or bool(entry.visible(user, obj)))


def load_reportable(kind: str, target_id: int, municipality_id: int) -> Any | None:
    return _registry.load(kind, target_id, municipality_id)


def load_many(kind: str, ids: list[int], municipality_id: int) -> dict[int, Any]:
    """Load several items of one kind in one query, keyed by id."""
    return _registry.load_many(kind, ids, municipality_id)


def get_reportable(kind: str, target_id: int) -> Any:
    """Load the item scoped to ``g.municipality``; unknown kind, id or municipality → 404."""
    return _registry.load_or_404(kind, target_id)
