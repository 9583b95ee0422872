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
from typing import TYPE_CHECKING, Any

from flask import abort
from sqlalchemy import Select

from participa.core.registry import KindRegistry

if TYPE_CHECKING:
    from participa.core.authz import Visitor


@dataclass(frozen=True)
class Commentable:
    kind: str
    model: type[Any]  # a mapped class: its targets are Any below
    url: Callable[[Any], str]
    is_open: Callable[[Any], bool]
    verified_only: Callable[[Any], bool]
    author_id: Callable[[Any], int | None]
    # (viewer, target) -> whether the viewer may see the target; None: everyone may.
    visible: Callable[[Visitor, Any], bool] | None = None
    # municipality id -> SELECT of the ids of the targets everyone may see; the open comments
    # dataset publishes comments of the kinds that declare it, and only those.
    public_ids: Callable[[int], Select[Any]] | None = None
    # target -> the followable object whose followers hear of new comments (an article's
    # draft); None: the target itself.
    followed: Callable[[Any], Any] | None = None

    @property
    def has_counter(self) -> bool:
        return hasattr(self.model, "comments_count")


_registry: KindRegistry[Commentable] = KindRegistry("commentable")


def register_commentable(
    kind: str,
    model: type[Any],
    *,
    url: Callable[[Any], str],
    is_open: Callable[[Any], bool],
    verified_only: Callable[[Any], bool],
    author_id: Callable[[Any], int | None],
    visible: Callable[[Visitor, Any], bool] | None = None,
    public_ids: Callable[[int], Select[Any]] | None = None,
    followed: Callable[[Any], Any] | None = None,
) -> None:
    """Declare ``model`` commentable as ``kind`` (registering the same model again is a no-op)."""
    _registry.register(
        Commentable(
            kind, model, url, is_open, verified_only, author_id, visible, public_ids, followed
        )
    )


def unregister_commentable(kind: str) -> None:
    """Forget ``kind`` (for tests)."""
    _registry.unregister(kind)


def commentable(kind: str) -> Commentable:
    """The registration of ``kind``; 404 when unknown (kinds come from URLs)."""
    return _registry.get_or_404(kind)


def get(kind: str) -> Commentable | None:
    """The registration of ``kind``, or None when no installed feature declares it."""
    return _registry.get(kind)


def public_kinds() -> dict[str, Callable[[int], Select[Any]]]:
    """Each kind that declares its public targets, with that declaration."""
    entries = (_registry.get(kind) for kind in _registry.kinds())
    return {e.kind: e.public_ids for e in entries if e is not None and e.public_ids is not None}


# Plain questions to the registry, under the names the other features call.
is_registered = _registry.is_registered
registered_kinds = _registry.kinds
kind_of = _registry.kind_of  # the registered kind of a commentable instance


def load_commentable(kind: str, target_id: int, municipality_id: int) -> Any | None:
    """Load a target by kind and id within a municipality, or None."""
    return _registry.load(kind, target_id, municipality_id)


def is_visible(user: Visitor, kind: str, target: Any) -> bool:
    """Tell whether ``user`` may see ``target`` (a draft, hidden content: only staff)."""
    entry = _registry.get(kind)
    return entry is not None and (entry.visible is None or bool(entry.visible(user, target)))


def get_commentable(kind: str, target_id: int) -> Any:
    """Load the target scoped to ``g.municipality`` that the visitor may see; otherwise 404."""
    from flask_login import current_user

    target = _registry.load_or_404(kind, target_id)
    if not is_visible(current_user, kind, target):
        abort(404)  # its comments are no way around the target's own visibility
    return target
