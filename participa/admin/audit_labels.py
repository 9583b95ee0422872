"""Labels of the audit actions the admin feature records (shown on the audit page)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "admin.create_municipality": _l("Municipality created"),
    "admin.update_municipality": _l("Municipality changed"),
    "admin.archive_municipality": _l("Municipality archived"),
    "admin.unarchive_municipality": _l("Municipality restored from the archive"),
    "admin.appoint_admin": _l("Municipal administrator appointed"),
    "admin.grant_platform_admin": _l("Platform administrator appointed"),
    "admin.revoke_platform_admin": _l("Platform administrator removed"),
    "admin.save_legal_page": _l("Legal page saved"),
}
TARGETS: dict[str, object] = {}  # its targets live in other features
