"""Who may report, moderate and configure moderation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participa.core.authz import Rules, has_role, is_authenticated

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

rules = Rules()


def _report(user: Visitor, obj: Any) -> bool:
    """Anyone signed in with a confirmed address, on content everyone can see."""
    # Confirmed: throwaway accounts must not hide content. Visible: the report page shows the
    # item, and hidden, held or deleted content must not be read through it.
    if not (is_authenticated(user) and bool(user.is_confirmed)):
        return False
    from participa.moderation import registry
    from participa.moderation.services import is_visible

    return obj is None or (is_visible(obj) and registry.in_sight(user, obj))


def _appeal(user: Visitor, obj: Any) -> bool:
    """The author of hidden content (the service allows one appeal per item)."""
    if not is_authenticated(user) or obj is None or getattr(obj, "hidden_at", None) is None:
        return False
    from participa.moderation import registry

    return registry.reportable(registry.kind_of(obj)).author_id(obj) == user.id


def _moderate(user: Visitor, municipality: Municipality | None) -> bool:
    """Admins and moderators of this municipality (and platform admins)."""
    return has_role(user, municipality, "admin", "moderator")


def _configure(user: Visitor, municipality: Municipality | None) -> bool:
    """Admins of this municipality (and platform admins)."""
    return has_role(user, municipality, "admin")


def _view_log(user: Visitor, municipality: Municipality | None) -> bool:
    """Everyone: the public log shows counts only."""
    return True


rules.register("moderation.report", _report)
rules.register("moderation.appeal", _appeal)
rules.register("moderation.moderate", _moderate)
rules.register("moderation.configure", _configure)
rules.register("moderation.view_log", _view_log)
