"""Who may read and manage library entries.

A member's staff manage its entries; platform admins manage the network's own. Published
entries are public; a draft is seen only by those who may manage it (others get a 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participa.core.authz import Rules, is_platform_admin, is_staff

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_manage(user: Visitor, obj: Any) -> bool:
    """Staff of the member the entry (or member) belongs to; platform admins for the network's
    own entries (``obj`` None or an entry without a member)."""
    if obj is None or (hasattr(obj, "municipality_id") and obj.municipality_id is None):
        return is_platform_admin(user)
    return is_staff(user, obj)


def can_view(user: Visitor, entry: Any) -> bool:
    """Everyone reads a published entry; a draft only those who may manage it."""
    return bool(entry.is_published) or can_manage(user, entry)


rules.register("library.manage", can_manage)
rules.register("library.view", can_view)
