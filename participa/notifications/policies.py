"""Who may follow things and manage notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participa.core.authz import Rules, is_authenticated

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_follow(user: Visitor, target: Any) -> bool:
    """Confirmed accounts may follow what they can see (a draft is not followable by others)."""
    if not (is_authenticated(user) and user.is_confirmed):
        return False
    if target is None:
        return True
    from participa.notifications.services import followable, followable_kind

    kind = followable_kind(target)
    entry = followable(kind) if kind else None
    return entry is not None and (entry.visible is None or bool(entry.visible(user, target)))


rules.register("notifications.follow", can_follow)
