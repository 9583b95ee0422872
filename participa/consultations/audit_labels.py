"""Labels of the audit actions the consultations feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "consultations.create_category": _l("Category created"),
    "consultations.create": _l("Consultation created"),
    "consultations.edit": _l("Consultation edited"),
    "consultations.override_phase": _l("Consultation phase changed by hand"),
    "consultations.publish": _l("Consultation published"),
    "consultations.archive": _l("Consultation archived"),
    "consultations.copy_from_template": _l("Consultation copied from a template"),
}
TARGETS = {
    "categories": _l("Category"),
    "consultations": _l("Consultation"),
}
