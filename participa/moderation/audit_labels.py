"""Labels of the audit actions the moderation feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.moderation.models import Action

ACTIONS = {
    # services.decide records "moderation.<Action>" for every moderation decision.
    f"moderation.{Action.HIDE}": _l("Contribution hidden"),
    f"moderation.{Action.RESTORE}": _l("Contribution restored"),
    f"moderation.{Action.DISMISS}": _l("Reports dismissed"),
    f"moderation.{Action.APPROVE}": _l("Contribution approved"),
    f"moderation.{Action.AUTO_HIDE}": _l("Contribution hidden automatically"),
    "moderation.appeal_upheld": _l("Appeal upheld"),
    "moderation.block": _l("Person blocked"),
    "moderation.unblock": _l("Person unblocked"),
    "moderation.settings": _l("Moderation settings changed"),
    "moderation.reason_template": _l("Moderation reason saved"),
    "moderation.reason_template_deleted": _l("Moderation reason deleted"),
}
TARGETS = {
    "moderation_settings": _l("Moderation settings"),
    "moderation_reason_templates": _l("Moderation reason"),
    "moderation_appeals": _l("Appeal"),
    "participation_blocks": _l("Participation block"),
}
