"""What the notifications feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.notifications import (  # noqa: F401 - routes, commands and declarations
    bp,
    cli,
    policies,
    privacy,
    services,
    views,
)

feature = Feature(
    name="notifications",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"followable": services.register_followable},
    contributes=privacy.contributions,
)
