"""Who may manage follow-up results: the staff of the result's municipality.

Everyone reads results (they are public); following one is ``notifications.follow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participa.core.authz import Rules, is_staff

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_manage(user: Visitor, obj: Any) -> bool:
    """Staff of the municipality the result (or municipality) belongs to, and platform admins."""
    return is_staff(user, obj)


rules.register("followup.manage", can_manage)
