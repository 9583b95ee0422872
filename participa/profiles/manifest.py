"""What the profiles feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.profiles import bp, policies, searchable, services, views  # noqa: F401

feature = Feature(
    name="profiles",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"contributions": services.register_contributions},
    contributes=searchable.contributions,
    member_kinds=None,  # no member pages: platform-wide only
)
