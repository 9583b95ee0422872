"""Labels of the audit actions the municipalities feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "municipalities.update_settings": _l("Municipality settings changed"),
    "municipalities.add_member": _l("Staff member added"),
    "municipalities.remove_member": _l("Staff member removed"),
    "municipalities.verify_by_census": _l("Residency verified by the census"),
    "municipalities.approve_residency": _l("Residency approved"),
    "municipalities.reject_residency": _l("Residency rejected"),
    "municipalities.revoke_residency": _l("Residency revoked"),
    "municipalities.load_census": _l("Census loaded"),
}
TARGETS = {
    "municipalities": _l("Municipality"),
    "memberships": _l("Staff membership"),
    "residency_requests": _l("Residency request"),
}
