"""What the proposals feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.municipalities.models import MemberKind
from participa.proposals import (  # noqa: F401 - routes, commands and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    hooks,
    policies,
    privacy,
    registrations,
    search,
    searchable,
    views,
)
from participa.proposals.demo import load_demo

feature = Feature(
    name="proposals",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"proposal_answered": hooks.add_answer_listener},
    reset=hooks.reset,
    contributes=registrations.contributions
    | privacy.contributions
    | datasets.contributions
    | searchable.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    activity=homes.activity,
    figures=homes.figures,
    staff_tasks=homes.staff_tasks,
    member_kinds=frozenset({MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE}),
)
