"""Labels of the audit actions the follow-up feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "followup.create_result": _l("Follow-up result created"),
    "followup.update_result": _l("Follow-up result updated"),
    "followup.edit_result": _l("Follow-up result edited"),
    "followup.add_milestone": _l("Milestone added"),
    "followup.edit_milestone": _l("Milestone edited"),
    "followup.delete_milestone": _l("Milestone removed"),
}
TARGETS = {"followup_results": _l("Follow-up result")}
