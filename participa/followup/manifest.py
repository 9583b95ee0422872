"""What the follow-up feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.followup import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    network_bp,
    policies,
    registrations,
    services,
    sources,
    views,
)
from participa.followup.demo import load_demo
from participa.municipalities.models import MemberKind

feature = Feature(
    name="followup",
    blueprints=(bp, network_bp),
    policies=policies.rules,
    nav=(
        NavItem("municipality", "followup.list", _l("Follow-up"), order=65),
        NavItem("platform", "followup_network.list", _l("Results across the network"), order=60),
    ),
    serves={"followup_source": sources.register_source},
    reset=sources.reset,
    contributes=registrations.contributions | datasets.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    activity=homes.activity,
    staff_tasks=homes.staff_tasks,
    member_kinds=frozenset({MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE}),
    linked={"followup": services.results_probe},
)
