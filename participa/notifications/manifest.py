"""What the notifications feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.notifications import bp, cli, policies, privacy, services, views  # noqa: F401

feature = Feature(
    name="notifications",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"followable": services.register_followable},
    contributes=privacy.contributions,
)
