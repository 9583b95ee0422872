"""What the voting feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.voting import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    datasets,
    policies,
    registrations,
    views,
)
from participa.voting.cli import voting_cli
from participa.voting.demo import load_demo

feature = Feature(
    name="voting",
    blueprints=(bp,),
    policies=policies.rules,
    contributes=registrations.contributions | datasets.contributions,
    demo=load_demo,
    cli=(voting_cli,),
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
)
