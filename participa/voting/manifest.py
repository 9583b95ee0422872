"""What the voting feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.core.jobs import Job
from participa.municipalities.models import MemberKind
from participa.voting import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    policies,
    registrations,
    views,
)
from participa.voting.cli import voting_cli
from participa.voting.demo import load_demo
from participa.voting.services import close_due, consultation_probe

feature = Feature(
    name="voting",
    blueprints=(bp,),
    policies=policies.rules,
    contributes=registrations.contributions | datasets.contributions,
    demo=load_demo,
    cli=(voting_cli,),
    # The ballot page also closes a due ballot when it is read; the worker closes the rest.
    jobs=(Job("voting.close_due", close_due, every=60),),
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    activity=homes.activity,
    figures=homes.figures,
    member_kinds=frozenset({MemberKind.MUNICIPALITY}),
    linked={"ballots": consultation_probe},
)
