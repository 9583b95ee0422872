"""What the proposals feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.proposals import audit_labels, bp, policies, privacy, registrations, search, views  # noqa: F401
from participa.proposals.demo import load_demo

feature = Feature(
    name="proposals",
    blueprints=(bp,),
    policies=policies.rules,
    contributes=registrations.contributions | privacy.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
)
