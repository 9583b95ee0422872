"""What the municipalities feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.municipalities import (  # noqa: F401
    audit_labels,
    bp,
    homes,
    hooks,
    kinds,
    policies,
    privacy,
    services,
    views,
)
from participa.municipalities.demo import load_demo
from participa.municipalities.services import municipality_by_slug, roles_of, roles_question

feature = Feature(
    name="municipalities",
    blueprints=(bp,),
    policies=policies.rules,
    serves={
        "ocid_prefix_rules": services.set_ocid_prefix_rules,
        "residency_decided": hooks.add_decision_listener,
    },
    reset=hooks.reset,
    contributes=privacy.contributions,
    provides={"roles": roles_of, "municipality": municipality_by_slug},
    viewer={"municipalities.roles": roles_question},
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    figures=homes.figures,
    staff_tasks=homes.staff_tasks,
    setup=kinds.setup,
    member_kinds=None,  # every kind of member
)
