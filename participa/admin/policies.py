"""Platform administration: only platform admins."""

from __future__ import annotations

from participa.core.authz import is_platform_admin, register

register("admin.access", lambda user, obj: is_platform_admin(user))
