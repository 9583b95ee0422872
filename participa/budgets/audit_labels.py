"""Labels of the audit actions the budgets feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "budgets.create": _l("Participatory budget created"),
    "budgets.update": _l("Participatory budget changed"),
    "budgets.import": _l("Participatory budget imported from Pabulib"),
    "budgets.save_project": _l("Budget project saved"),
    "budgets.delete_project": _l("Budget project removed"),
    "budgets.projects_from_proposals": _l("Budget projects made from proposals"),
    "budgets.open": _l("Participatory budget opened for voting"),
    "budgets.close": _l("Participatory budget closed and counted"),
}
TARGETS = {"budgets": _l("Participatory budget")}
