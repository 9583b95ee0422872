"""What the challenges feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.challenges import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    homes,
    network_bp,
    policies,
    registrations,
    views,
)
from participa.challenges.demo import load_demo
from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.municipalities.models import MemberKind

feature = Feature(
    name="challenges",
    blueprints=(bp, network_bp),
    policies=policies.rules,
    nav=(
        NavItem("municipality", "challenges.list", _l("Challenges"), order=70),
        NavItem("platform", "challenges_network.list", _l("Challenges"), order=70),
    ),
    contributes=registrations.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    activity=homes.activity,
    member_kinds=frozenset(kind.value for kind in MemberKind),
    results=homes.results,
)
