"""Labels of the audit actions the places feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "places.create_district": _l("District created"),
    "places.edit_district": _l("District edited"),
    "places.delete_district": _l("District deleted"),
}
TARGETS = {"districts": _l("District")}
