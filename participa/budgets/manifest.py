"""What the budgets feature contributes to the platform (see participa.core.features).

It serves ``budget_closed``: receivers ``fn(budget, *, funded, actor)`` run when a budget
closes (see participa.budgets.hooks); the follow-up feature opens a result per funded project.
"""

from __future__ import annotations

from participa.budgets import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    hooks,
    policies,
    registrations,
    views,
    views_staff,
)
from participa.budgets.demo import load_demo
from participa.budgets.services import close_due, consultation_probe
from participa.core.features import Feature
from participa.core.jobs import Job
from participa.municipalities.models import MemberKind

feature = Feature(
    name="budgets",
    blueprints=(bp,),
    policies=policies.rules,
    serves={
        "budget_closed": hooks.add_closed_receiver,
        "budget_project_links": hooks.add_project_links,
    },
    reset=hooks.reset,
    contributes=registrations.contributions | datasets.contributions,
    demo=load_demo,
    jobs=(Job("budgets.close_due", close_due, every=60),),
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    activity=homes.activity,
    member_kinds=frozenset({MemberKind.MUNICIPALITY}),
    linked={"budgets": consultation_probe},
)
