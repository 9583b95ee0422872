"""Who may follow things and manage notifications."""

from __future__ import annotations

from typing import Any

from participa.core.authz import is_authenticated, register


def can_follow(user: Any, target: Any) -> bool:
    """Allow confirmed accounts to follow a followable object."""
    return is_authenticated(user) and bool(user.is_confirmed)


register("notifications.follow", can_follow)
