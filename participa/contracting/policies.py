"""Who may manage procurement data in a municipality.

Memberships know three roles (admin, moderator, resident). The "procurement" capability is held
by the municipality's admins for now; when a dedicated role exists only ``_procurement`` changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participa.core.authz import Rules, has_role, municipality_of
from participa.municipalities.models import Role

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def _procurement(user: Visitor, obj: Any) -> bool:
    """Staff with the procurement capability in the object's municipality (admins for now)."""
    return has_role(user, municipality_of(obj), Role.ADMIN)


def _manage(user: Visitor, obj: Any) -> bool:
    """Admins of the municipality: publication settings, imports, links to participation."""
    return has_role(user, municipality_of(obj), Role.ADMIN)


rules.register("contracting.procurement", _procurement)
rules.register("contracting.manage", _manage)
