"""Labels of the audit actions the initiatives feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "initiatives.rules": _l("Initiative rules changed"),
    "initiatives.admit": _l("Initiative admitted"),
    "initiatives.reject": _l("Initiative not admitted"),
    "initiatives.answer": _l("Initiative answered"),
}
TARGETS = {"initiatives": _l("Citizen initiative"), "initiative_rules": _l("Initiative rules")}
