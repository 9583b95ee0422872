"""Labels of the audit actions the legislation feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "legislation.create": _l("Draft regulation created"),
    "legislation.edit": _l("Draft regulation edited"),
    "legislation.publish_version": _l("Draft version published"),
    "legislation.publish": _l("Draft regulation published"),
    "legislation.close": _l("Draft regulation closed"),
    "legislation.decide_amendment": _l("Amendment decided"),
    "legislation.respond": _l("Official answer published"),
    "legislation.add_question": _l("Question added"),
}
TARGETS = {
    "legislation_drafts": _l("Draft regulation"),
    "legislation_amendments": _l("Amendment"),
}
