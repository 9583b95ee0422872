"""Platform administration: only platform admins."""

from __future__ import annotations

from participa.core.authz import Rules, is_platform_admin

rules = Rules()

rules.register("admin.access", lambda user, obj: is_platform_admin(user))
