"""Who may report, moderate and configure moderation."""

from __future__ import annotations

from typing import Any

from participa.core.authz import has_role, is_authenticated, register


def _report(user: Any, obj: Any) -> bool:
    """Anyone signed in."""
    return is_authenticated(user)


def _moderate(user: Any, municipality: Any) -> bool:
    """Admins and moderators of this municipality (and platform admins)."""
    return has_role(user, municipality, "admin", "moderator")


def _configure(user: Any, municipality: Any) -> bool:
    """Admins of this municipality (and platform admins)."""
    return has_role(user, municipality, "admin")


def _view_log(user: Any, municipality: Any) -> bool:
    """Everyone: the public log shows counts only."""
    return True


register("moderation.report", _report)
register("moderation.appeal", _report)
register("moderation.moderate", _moderate)
register("moderation.configure", _configure)
register("moderation.view_log", _view_log)
