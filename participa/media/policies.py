"""Who may read, add and remove the documents attached to content."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participa.core.authz import Rules, can

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def _entry(target: Any) -> Any:
    from participa.media.attachable import registry

    try:
        return registry.get(registry.kind_of(target))
    except LookupError:
        return None


def can_view(user: Visitor, target: Any) -> bool:
    """Whoever sees the content sees its documents: hidden content hides them."""
    entry = _entry(target)
    return entry is not None and bool(entry.visible(user, target))


def can_attach(user: Visitor, target: Any) -> bool:
    """Whoever may change the content (its feature's own action) adds and removes documents."""
    entry = _entry(target)
    return entry is not None and can(user, entry.manage, target)


rules.register("media.view", can_view)
rules.register("media.attach", can_attach)
