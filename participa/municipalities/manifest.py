"""What the municipalities feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.municipalities import audit_labels, bp, homes, policies, privacy, services, views  # noqa: F401
from participa.municipalities.demo import load_demo
from participa.municipalities.services import municipality_by_slug, roles_of

feature = Feature(
    name="municipalities",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"ocid_prefix_rules": services.set_ocid_prefix_rules},
    contributes=privacy.contributions,
    provides={"roles": roles_of, "municipality": municipality_by_slug},
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    figures=homes.figures,
    staff_tasks=homes.staff_tasks,
)
