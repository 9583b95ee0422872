"""Who may do what in a municipality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, has_role, is_authenticated
from participa.municipalities.models import Municipality, Role

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def _staff(user: Visitor, municipality: Municipality | None) -> bool:
    """Admins of this municipality (and platform admins)."""
    return has_role(user, municipality, Role.ADMIN)


def _moderator(user: Visitor, municipality: Municipality | None) -> bool:
    """Admins and moderators of this municipality (and platform admins)."""
    return has_role(user, municipality, Role.ADMIN, Role.MODERATOR)


def _signed_in(user: Visitor, municipality: Municipality | None) -> bool:
    """Anyone signed in, to see their own residency status."""
    return is_authenticated(user)


def _confirmed(user: Visitor, municipality: Municipality | None) -> bool:
    """Signed in with a confirmed e-mail address."""
    return is_authenticated(user) and user.is_confirmed


rules.register("municipalities.manage", _staff)
# The staff home lists each task its reader may do: moderators see the moderation queue there.
rules.register("municipalities.staff_home", _moderator)
rules.register("municipalities.edit_settings", _staff)
rules.register("municipalities.manage_members", _staff)
rules.register("municipalities.verify_residents", _staff)
rules.register("municipalities.upload_census", _staff)
rules.register("municipalities.view_audit_log", _staff)
rules.register("municipalities.moderate", _moderator)
rules.register("municipalities.view_residency", _signed_in)
rules.register("municipalities.request_residency", _confirmed)
