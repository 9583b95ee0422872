"""What the profiles feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.profiles import (  # noqa: F401 - routes, commands and declarations
    bp,
    policies,
    services,
    views,
)

feature = Feature(
    name="profiles",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"contributions": services.register_contributions},
)
