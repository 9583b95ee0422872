"""What the moderation feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem

# Imported for their routes, commands and declarations.
from participa.moderation import audit_labels, bp, policies, privacy, registry, signals, views  # noqa: F401

feature = Feature(
    name="moderation",
    blueprints=(bp,),
    policies=policies.rules,
    nav=(
        NavItem(
            "municipality",
            "moderation.queue",
            _l("Moderation"),
            order=80,
            action="moderation.moderate",
        ),
    ),
    serves={
        "reportable": registry.register_reportable,
        "visibility_changed": signals.visibility_changed.connect,
        "content_approved": signals.content_approved.connect,
    },
    contributes=privacy.contributions,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
)
