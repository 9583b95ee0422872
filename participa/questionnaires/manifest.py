"""What the questionnaires feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.municipalities.models import MemberKind
from participa.questionnaires import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    policies,
    registrations,
    views,
)
from participa.questionnaires.demo import load_demo
from participa.questionnaires.services import consultation_probe

feature = Feature(
    name="questionnaires",
    blueprints=(bp,),
    policies=policies.rules,
    contributes=registrations.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    member_kinds=frozenset({MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE}),
    linked={"questionnaires": consultation_probe},
)
