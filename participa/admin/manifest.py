"""What the admin feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

# Imported for their routes, commands and declarations.
from participa.admin import audit_labels, bp, policies, views  # noqa: F401
from participa.core.features import Feature

feature = Feature(
    name="admin",
    blueprints=(bp,),
    policies=policies.rules,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    member_kinds=None,  # no member pages: platform-wide only
)
