"""Who may manage districts and search addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, is_authenticated, is_staff

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

rules = Rules()


def can_geocode(user: Visitor, municipality: Municipality) -> bool:
    """Signed-in people may search addresses (the service is someone else's: keep it polite)."""
    return is_authenticated(user)


rules.register("places.manage_districts", is_staff)
rules.register("places.geocode", can_geocode)
