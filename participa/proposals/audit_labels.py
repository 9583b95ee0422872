"""Labels of the audit actions the proposals feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "proposals.answer": _l("Proposal answered"),
    "proposals.merge": _l("Proposals merged"),
}
TARGETS = {"proposals": _l("Proposal")}
