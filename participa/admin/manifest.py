"""What the admin feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.admin import (  # noqa: F401 - routes, commands and declarations
    audit_labels,
    bp,
    policies,
    views,
)
from participa.core.features import Feature

feature = Feature(
    name="admin",
    blueprints=(bp,),
    policies=policies.rules,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
)
